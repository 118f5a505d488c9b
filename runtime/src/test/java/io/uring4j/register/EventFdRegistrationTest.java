package io.uring4j.register;

import io.uring4j.Ring;
import io.uring4j.UringException;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.OpenFlags;
import io.uring4j.kernel.flags.SqeFlags;
import io.uring4j.testsupport.NativeFds;
import io.uring4j.testsupport.SingleCompletion;
import io.uring4j.testsupport.TestSupport;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


class EventFdRegistrationTest {
    /** EFD_NONBLOCK has the value of O_NONBLOCK: reading a zero counter gives EAGAIN instead of blocking. */
    private static final int EFD_NONBLOCK = OpenFlags.NONBLOCK;

    @Test
    void everyCompletionSignalsTheEventFd() {
        int efd = NativeFds.eventfd(EFD_NONBLOCK);
        try (Ring ring = Ring.open(8); EventFdRegistration reg = EventFdRegistration.register(ring, efd)) {
            assertEquals(efd, reg.eventFd());
            assertFalse(reg.isAsync());
            assertEquals(-Errno.EAGAIN.value(), NativeFds.readEventFd(efd), "nothing completed yet");
            ring.nextSqe().nop().userData(1);
            assertEquals(0, SingleCompletion.res(ring, 1));
            assertTrue(NativeFds.readEventFd(efd) >= 1, "the NOP's completion signalled the eventfd");

            reg.close();
            ring.nextSqe().nop().userData(2);
            assertEquals(0, SingleCompletion.res(ring, 2));
            assertEquals(-Errno.EAGAIN.value(), NativeFds.readEventFd(efd), "unregistered: no signal");
        } finally {
            NativeFds.close(efd);
        }
    }

    @Test
    void signallingCanBeSwitchedOffAndOnWithoutUnregistering() {
        int efd = NativeFds.eventfd(EFD_NONBLOCK);
        try (Ring ring = Ring.open(8); EventFdRegistration reg = EventFdRegistration.register(ring, efd)) {
            reg.signalling(false);
            assertFalse(reg.isSignalling());
            ring.nextSqe().nop().userData(1);
            assertEquals(0, SingleCompletion.res(ring, 1));
            assertEquals(-Errno.EAGAIN.value(), NativeFds.readEventFd(efd), "EVENTFD_DISABLED: no signal");

            reg.signalling(true);
            assertTrue(reg.isSignalling());
            ring.nextSqe().nop().userData(2);
            assertEquals(0, SingleCompletion.res(ring, 2));
            assertTrue(NativeFds.readEventFd(efd) >= 1, "signalling again after re-enabling");
        } finally {
            NativeFds.close(efd);
        }
    }

    @Test
    void asyncRegistrationSignalsOnlyWorkerCompletions() {
        int efd = NativeFds.eventfd(EFD_NONBLOCK);
        try (Ring ring = Ring.open(8); EventFdRegistration reg = EventFdRegistration.registerAsync(ring, efd)) {
            assertTrue(reg.isAsync());
            ring.nextSqe().nop().userData(1);
            assertEquals(0, SingleCompletion.res(ring, 1));
            assertEquals(-Errno.EAGAIN.value(), NativeFds.readEventFd(efd), "an inline completion does not signal");

            ring.nextSqe().nop().flags(SqeFlags.ASYNC).userData(2); // forced through an io-wq worker
            assertEquals(0, SingleCompletion.res(ring, 2));
            assertTrue(NativeFds.readEventFd(efd) >= 1, "a worker's completion signals");
        } finally {
            NativeFds.close(efd);
        }
    }

    @Test
    void misuseIsRefused() {
        int efd = NativeFds.eventfd(0);
        int[] pipe = NativeFds.pipe();
        try (Ring ring = Ring.open(8)) {
            TestSupport.assertMessage(assertThrows(IllegalArgumentException.class,
                    () -> EventFdRegistration.register(ring, -1)), "eventFd");
            UringException notEventFd = assertThrows(UringException.class,
                    () -> EventFdRegistration.register(ring, pipe[0]));
            assertEquals(Errno.EINVAL, notEventFd.errno(), "a pipe is not an eventfd");
            try (EventFdRegistration reg = EventFdRegistration.register(ring, efd)) {
                UringException busy = assertThrows(UringException.class,
                        () -> EventFdRegistration.register(ring, efd));
                assertEquals(Errno.EBUSY, busy.errno());
                TestSupport.assertMessage(busy, "already registered");
            }
        } finally {
            NativeFds.close(efd, pipe[0], pipe[1]);
        }
    }
}
