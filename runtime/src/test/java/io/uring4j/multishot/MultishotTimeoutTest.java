package io.uring4j.multishot;

import io.uring4j.Ring;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.structs.KernelTimespec;
import io.uring4j.testsupport.MultishotLoop;
import io.uring4j.testsupport.RecordingHandler;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;


/** Multishot timeouts on the real kernel: N periods then a stop, or periods until cancelled. */
class MultishotTimeoutTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int ETIME = -Errno.ETIME.value();

    static MemorySegment period(Arena arena, long nanos) {
        MemorySegment ts = arena.allocate(KernelTimespec.LAYOUT);
        KernelTimespec.tvSec(ts, 0, nanos / TimeUnit.SECONDS.toNanos(1));
        KernelTimespec.tvNsec(ts, 0, nanos % TimeUnit.SECONDS.toNanos(1));
        return ts;
    }

    @Test
    void firesCountTimesThenStops() {
        try (Ring ring = Ring.open(16); Arena arena = Arena.ofConfined()) {
            Multishots multishots = new Multishots(ring, 4);
            MultishotLoop loop = new MultishotLoop(ring, multishots);
            RecordingHandler h = new RecordingHandler();
            long start = System.nanoTime();
            Multishot sub = multishots.timeout(period(arena, 10 * MS), 5, 0, h);
            assertEquals(MultishotState.ACTIVE, sub.state());
            assertEquals(MultishotKind.TIMEOUT, sub.kind());
            loop.until(h::ended, 5_000, "five periods");
            long elapsed = System.nanoTime() - start;

            assertEquals(5, h.results.size(), "one completion per period");
            for (int i = 0; i < 5; i++) {
                assertEquals(ETIME, h.results.get(i).res(), "period " + i + " reports -ETIME");
                assertEquals(i < 4, h.results.get(i).more(), "only the last period lacks F_MORE");
            }
            h.assertEndedOnce(MultishotEnd.COMPLETED);
            assertEquals(ETIME, h.endRes.get(0));
            assertTrue(elapsed >= 45 * MS, "five 10 ms periods took only " + elapsed / MS + " ms");
            assertEquals(4, loop.count(DispatchResult.RESULT));
            assertEquals(1, loop.count(DispatchResult.ENDED));
            assertEquals(5, sub.results());
            assertTrue(sub.isRetired());
            assertFalse(sub.cancel(), "a stopped subscription has nothing to cancel");
            assertEquals(0, multishots.live());
            assertEquals(0, multishots.pool().inUse(), "both tokens are back");
        }
    }

    @Test
    void repeatsUntilCancelled() {
        try (Ring ring = Ring.open(16); Arena arena = Arena.ofConfined()) {
            Multishots multishots = new Multishots(ring, 4);
            MultishotLoop loop = new MultishotLoop(ring, multishots);
            RecordingHandler h = new RecordingHandler();
            Multishot sub = multishots.timeout(period(arena, 5 * MS), 0, 0, h);
            loop.until(() -> h.results.size() >= 3, 5_000, "three periods");
            assertTrue(h.results.stream().allMatch(RecordingHandler.Result::more), "an endless timer keeps F_MORE");
            assertTrue(sub.cancel());
            assertEquals(MultishotState.CANCELLING, sub.state());
            assertFalse(sub.cancel(), "one cancel at a time");
            loop.until(() -> h.ended() && sub.isRetired(), 5_000, "the cancel");
            h.assertEndedOnce(MultishotEnd.CANCELLED);
            assertEquals(0, sub.cancelResult(), "the cancel found the timer");
            assertEquals(1, loop.count(DispatchResult.CANCEL_ACK));
            assertEquals(0, multishots.pool().inUse());
            assertEquals(1, multishots.retired());
        }
    }
}
