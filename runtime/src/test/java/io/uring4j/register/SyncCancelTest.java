package io.uring4j.register;

import io.uring4j.Ring;
import io.uring4j.UringException;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.Opcode;
import io.uring4j.kernel.flags.AsyncCancelFlags;
import io.uring4j.testsupport.NativeFds;
import io.uring4j.testsupport.SingleCompletion;
import java.lang.foreign.Arena;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import static io.uring4j.testsupport.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;


class SyncCancelTest {
    private static final Duration SECOND = Duration.ofSeconds(1);

    @Test
    void pendingReadOnAnEmptyPipeIsCancelledByUserData() {
        int[] pipe = NativeFds.pipe();
        try (Ring ring = Ring.open(8); Arena arena = Arena.ofConfined()) {
            ring.nextSqe().read(pipe[0], arena.allocate(16)).userData(7);
            ring.submit();
            assertEquals(0, ring.waitFor(0), "the read waits for data");
            assertNull(ring.peek());

            assertEquals(1, SyncCancel.byUserData(ring, 7, SECOND));
            assertEquals(-Errno.ECANCELED.value(), SingleCompletion.res(ring, 7));
            assertEquals(0, SyncCancel.byUserData(ring, 7, SECOND), "nothing left to cancel");
        } finally {
            NativeFds.close(pipe);
        }
    }

    @Test
    void cancelByFdOpcodeAndAny() {
        int[] pipe = NativeFds.pipe();
        try (Ring ring = Ring.open(8); Arena arena = Arena.ofConfined()) {
            ring.nextSqe().read(pipe[0], arena.allocate(16)).userData(1);
            ring.nextSqe().read(pipe[0], arena.allocate(16)).userData(2);
            ring.submit();
            assertEquals(0, SyncCancel.byFd(ring, pipe[1], null), "nothing on the write end");
            assertEquals(2, SyncCancel.byFd(ring, pipe[0], null));
            assertEquals(-Errno.ECANCELED.value(), SingleCompletion.res(ring, 1));
            assertEquals(-Errno.ECANCELED.value(), SingleCompletion.res(ring, 2));

            ring.nextSqe().read(pipe[0], arena.allocate(16)).userData(3);
            ring.submit();
            assertEquals(0, SyncCancel.byOpcode(ring, Opcode.WRITE.value(), SECOND), "no WRITE in flight");
            assertEquals(1, SyncCancel.byOpcode(ring, Opcode.READ.value(), SECOND));
            assertEquals(-Errno.ECANCELED.value(), SingleCompletion.res(ring, 3));

            ring.nextSqe().read(pipe[0], arena.allocate(16)).userData(4);
            ring.submit();
            assertEquals(1, SyncCancel.all(ring, Duration.ZERO));
            assertEquals(-Errno.ECANCELED.value(), SingleCompletion.res(ring, 4));
        } finally {
            NativeFds.close(pipe);
        }
    }

    @Test
    void misuseIsRefused() {
        try (Ring ring = Ring.open(8)) {
            assertMessage(assertThrows(IllegalArgumentException.class,
                    () -> SyncCancel.cancel(ring, 1 << 20, 0, 0, 0, null)), "flags");
            assertMessage(assertThrows(IllegalArgumentException.class,
                    () -> SyncCancel.byOpcode(ring, 300, null)), "opcode");
            assertMessage(assertThrows(IllegalArgumentException.class,
                    () -> SyncCancel.byFd(ring, -1, null)), "fd");
            assertMessage(assertThrows(IllegalArgumentException.class,
                    () -> SyncCancel.byUserData(ring, 1, Duration.ofSeconds(-1))), "timeout");
            int closed = NativeFds.pipe()[0];
            NativeFds.close(closed);
            UringException bad = assertThrows(UringException.class,
                    () -> SyncCancel.cancel(ring, AsyncCancelFlags.FD, 0, closed, 0, null));
            assertEquals(Errno.EBADF, bad.errno());
        }
    }
}
