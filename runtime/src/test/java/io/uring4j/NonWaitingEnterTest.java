package io.uring4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.internal.Syscalls;
import io.uring4j.kernel.Errno;
import io.uring4j.testsupport.ProcessResources;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The owner's non-waiting io_uring_enter (critical, no errno capture): its errors, and close racing it. */
class NonWaitingEnterTest {

    @Test
    void aFailedNonWaitingCallSaysItsErrnoIsUnknownAndTheCapturingRepeatNamesIt() {
        // fd -1 (0xffffffff to the kernel) is no file: EBADF, and nothing else happened.
        assertEquals(Syscalls.ERRNO_UNKNOWN, Syscalls.enterNoWait(-1, 0, 0));
        MemorySegment errno = Syscalls.newErrnoSegment(Arena.ofAuto());
        assertEquals(-Errno.EBADF.value(), Syscalls.enter(errno, -1, 0, 0, 0, 0L, 0L), "the repeat with capture");
    }

    @Test
    void nopRoundTripsGoThroughTheNonWaitingPath() {
        try (Ring ring = Ring.open(RingOptions.builder().entries(8).registerRingFd().build())) {
            long sum = 0;
            for (int i = 1; i <= 1000; i++) {
                ring.nextSqe().nop(0, 0, -1, 0, 0L, 0L).userData(i);
                assertEquals(1, ring.submitAndWait(1));
                Cqe cqe = ring.peek();
                sum += cqe.userData() + cqe.res();
                ring.seen();
            }
            assertEquals(1000L * 1001 / 2, sum);
        }
    }

    @Test
    void closeFromAnotherThreadWhileTheOwnerSubmitsEndsItWithRingClosed() throws Exception {
        long fdsBefore = ProcessResources.fds();
        for (int round = 0; round < 40; round++) {
            AtomicReference<Throwable> ended = new AtomicReference<>();
            AtomicReference<Ring> opened = new AtomicReference<>();
            AtomicLong rounds = new AtomicLong();
            Thread owner = Thread.ofPlatform().start(() -> {
                Ring ring = Ring.open(8);
                opened.set(ring);
                try {
                    for (;;) {
                        ring.nextSqe().nop().userData(1);
                        ring.submit();
                        ring.drain(cqe -> { });
                        rounds.incrementAndGet();
                    }
                } catch (Throwable t) {
                    ended.set(t);
                }
            });
            while (owner.isAlive() && (opened.get() == null || rounds.get() < 100)) {
                Thread.onSpinWait();
            }
            assertTrue(opened.get() != null, "the owner could not open a ring: " + ended.get());
            opened.get().close();
            owner.join(5_000);
            Throwable t = ended.get();
            // A prep method racing close can still fail with FFM's bare "Already closed" from a
            // field write after its clear() (a gap of the generated setters, not of the enter path):
            // everything that reached submit or drain must end with RingClosedException.
            boolean inPrep = t != null && !(t instanceof RingClosedException) && t.getStackTrace().length > 0
                    && java.util.Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getClassName().equals("io.uring4j.Sqe"));
            if (!inPrep) {
                assertInstanceOf(RingClosedException.class, t, "round " + round + ": the owner ended with " + t);
            }
        }
        assertEquals(fdsBefore, ProcessResources.fds(), "ring fds left open");
    }
}
