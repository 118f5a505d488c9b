package io.uring4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.kernel.Errno;
import io.uring4j.kernel.structs.KernelTimespec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WaitTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void timedWaitWithNothingInFlightReturnsEtimeOnTime() {
        try (Ring ring = Ring.open(4)) {
            long start = System.nanoTime();
            int r = ring.waitFor(1, 100 * MS);
            long elapsed = System.nanoTime() - start;
            assertEquals(-Errno.ETIME.value(), r);
            assertTrue(elapsed >= 95 * MS, "waited " + elapsed / MS + " ms, less than the timeout");
            assertTrue(elapsed < 2_000 * MS, "waited " + elapsed / MS + " ms, far past the timeout");
        }
    }

    @Test
    void zeroTimeoutPollsWithoutBlocking() {
        try (Ring ring = Ring.open(4)) {
            assertEquals(-Errno.ETIME.value(), ring.waitFor(1, 0));
            ring.nextSqe().nop().userData(1);
            ring.submit();
            assertEquals(1, ring.waitFor(1, 0));
        }
    }

    @Test
    void timedWaitReturnsWhenTheCompletionArrives() {
        try (Ring ring = Ring.open(4); Arena arena = Arena.ofConfined()) {
            MemorySegment ts = arena.allocate(KernelTimespec.LAYOUT);
            KernelTimespec.tvNsec(ts, 0, 30 * MS);
            ring.nextSqe().timeout(ts).userData(11);
            ring.submit();
            long start = System.nanoTime();
            assertEquals(1, ring.waitFor(1, 5_000 * MS));
            long elapsed = System.nanoTime() - start;
            assertTrue(elapsed < 2_000 * MS, "returned after " + elapsed / MS + " ms, not when the timer fired");
            Cqe cqe = ring.peek();
            assertEquals(11, cqe.userData());
            assertEquals(Errno.ETIME, cqe.errno(), "a plain TIMEOUT completes with -ETIME when it fires");
            ring.seen();
        }
    }

    @Test
    void untimedWaitBlocksUntilTheTimerFires() {
        try (Ring ring = Ring.open(4); Arena arena = Arena.ofConfined()) {
            MemorySegment ts = arena.allocate(KernelTimespec.LAYOUT);
            KernelTimespec.tvNsec(ts, 0, 50 * MS);
            ring.nextSqe().timeout(ts).userData(12);
            long start = System.nanoTime();
            assertEquals(1, ring.submitAndWait(1));
            long elapsed = System.nanoTime() - start;
            assertTrue(elapsed >= 45 * MS, "returned after " + elapsed / MS + " ms, before the timer");
            assertEquals(1, ring.waitFor(1), "already ready: no wait");
            assertEquals(12, ring.peek().userData());
            ring.seen();
        }
    }

    @Test
    void minWaitReturnsEarlyWithWhatIsReady() {
        try (Ring ring = Ring.open(4)) {
            ring.nextSqe().nop().userData(1);
            ring.submit();
            long start = System.nanoTime();
            int r = ring.waitFor(2, 3_000 * MS, 20 * MS);
            long elapsed = System.nanoTime() - start;
            assertEquals(1, r, "one NOP is ready; the minimum wait ends the wait for the second");
            assertTrue(elapsed < 1_500 * MS, "returned after " + elapsed / MS + " ms, not after the minimum wait");
        }
    }

    @Test
    void waitForZeroRunsPendingWorkAndReturns() {
        try (Ring ring = Ring.open(4)) {
            assertEquals(0, ring.waitFor(0));
            ring.nextSqe().nop().userData(1);
            ring.submit();
            assertEquals(1, ring.waitFor(0));
        }
    }
}
