package io.uring4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.NopFlags;
import io.uring4j.kernel.structs.KernelTimespec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The calls a newcomer writes first: {@code nextSqe()} never returns null, {@code submitAndCheck}
 * does one request start to end, and waits take a {@link Duration}.
 */
class NewcomerApiTest {
    @Test
    void nextSqeSubmitsToMakeRoomInsteadOfReturningNull() {
        try (Ring ring = Ring.open(4)) {
            for (int i = 0; i < 9; i++) {
                ring.nextSqe().nop().userData(i); // a full SQ is submitted, never a NullPointerException
            }
            assertEquals(1, ring.sqQueued(), "8 went to the kernel in two batches, the ninth is queued");
            ring.submit();
            long sum = 0;
            int seen = 0;
            while (seen < 9) {
                ring.waitFor(1);
                Cqe c;
                while ((c = ring.peek()) != null) {
                    sum += c.userData();
                    seen++;
                    ring.seen();
                }
            }
            assertEquals(36, sum, "every NOP completed once");
        }
    }

    @Test
    void submitAndCheckReturnsTheResult() {
        try (Ring ring = Ring.open(4)) {
            assertEquals(0, ring.submitAndCheck(ring.nextSqe().nop()));
            assertEquals(0, ring.cqReady(), "the completion is marked seen");
            assertEquals(0, ring.submitAndCheck(ring.nextSqe().nop()), "and again");
        }
    }

    @Test
    void submitAndCheckThrowsTheTypedErrno() {
        try (Ring ring = Ring.open(4)) {
            // NOP with INJECT_RESULT completes with the result it is given.
            UringException e = assertThrows(UringException.class, () -> ring.submitAndCheck(
                    ring.nextSqe().nop(NopFlags.INJECT_RESULT, -Errno.EBADF.value(), 0, 0, 0, 0), "injected"));
            assertEquals(Errno.EBADF, e.errno());
            assertTrue(e.getMessage().contains("injected"), e.getMessage());
            assertEquals(0, ring.cqReady());
        }
    }

    @Test
    void submitAndCheckRefusesToGuessWithOtherRequestsAround() {
        try (Ring ring = Ring.open(4)) {
            ring.nextSqe().nop().userData(1);
            Sqe second = ring.nextSqe().nop();
            IllegalStateException queued = assertThrows(IllegalStateException.class, () -> ring.submitAndCheck(second));
            assertTrue(queued.getMessage().contains("1 other SQEs are queued"), queued.getMessage());
            ring.submitAndWait(2);
            Sqe third = ring.nextSqe().nop();
            IllegalStateException waiting = assertThrows(IllegalStateException.class, () -> ring.submitAndCheck(third));
            assertTrue(waiting.getMessage().contains("completions are waiting"), waiting.getMessage());
            ring.advance(2);
            assertThrows(IllegalArgumentException.class, () -> ring.submitAndCheck(null));
        }
    }

    @Test
    void submitAndCheckNoticesAnEarlierRequestsCompletion() {
        try (Ring ring = Ring.open(4); Arena arena = Arena.ofConfined()) {
            MemorySegment early = timespec(arena, Duration.ofMillis(20));
            MemorySegment late = timespec(arena, Duration.ofMillis(200));
            ring.nextSqe().timeout(early).userData(98); // still in flight when the checked request goes
            ring.submit();
            Sqe mine = ring.nextSqe().timeout(late);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ring.submitAndCheck(mine));
            assertTrue(e.getMessage().contains("user_data 98"), e.getMessage());
            assertEquals(1, ring.waitFor(1), "the checked request's own completion is left to reap");
        }
    }

    private static MemorySegment timespec(Arena arena, Duration d) {
        MemorySegment ts = arena.allocate(KernelTimespec.LAYOUT);
        KernelTimespec.tvSec(ts, 0, d.getSeconds());
        KernelTimespec.tvNsec(ts, 0, d.getNano());
        return ts;
    }

    @Test
    void durationWaitsTimeOutWithEtime() {
        try (Ring ring = Ring.open(4)) {
            long start = System.nanoTime();
            assertEquals(-Errno.ETIME.value(), ring.waitFor(1, Duration.ofMillis(30)));
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(25).toNanos(), "it waited");
            ring.nextSqe().nop();
            assertEquals(1, ring.submitAndWait(1, Duration.ofSeconds(5)));
            assertEquals(1, ring.cqReady());
            assertThrows(IllegalArgumentException.class, () -> ring.waitFor(1, Duration.ofMillis(-1)));
            assertThrows(IllegalArgumentException.class, () -> ring.waitFor(1, (Duration) null));
            assertNotNull(ring.peek());
        }
    }
}
