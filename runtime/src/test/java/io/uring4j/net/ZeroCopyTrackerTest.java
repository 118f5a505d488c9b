package io.uring4j.net;

import io.uring4j.Cqe;
import io.uring4j.HandMadeCqe;
import io.uring4j.context.ContextPool;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.CqeFlags;
import io.uring4j.kernel.flags.NotifUsage;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


/**
 * The tracker's state machine on hand-made CQEs, including orders the kernel rarely produces
 * (notification before result) and completions that are not the tracker's.
 */
class ZeroCopyTrackerTest {
    private final Arena arena = Arena.ofAuto();
    private final MemorySegment entry = arena.allocate(Cqe.SIZE, Long.BYTES);
    private final Cqe cqe = HandMadeCqe.over(entry);

    private Cqe cqe(long userData, int res, int flags) {
        entry.set(ValueLayout.JAVA_LONG, 0, userData);
        entry.set(ValueLayout.JAVA_INT, 8, res);
        entry.set(ValueLayout.JAVA_INT, 12, flags);
        return cqe;
    }

    @Test
    void resultThenNotificationReleasesOnTheNotification() {
        ZeroCopyTracker zc = new ZeroCopyTracker(2);
        long t = zc.begin(5);
        assertEquals(ZeroCopyTracker.RESULT, zc.onCompletion(cqe(t, 1000, CqeFlags.MORE)));
        assertTrue(zc.isPending(t));
        assertEquals(1000, zc.lastResult());
        assertEquals(ZeroCopyTracker.NOTIFICATION | ZeroCopyTracker.RELEASED,
                zc.onCompletion(cqe(t, NotifUsage.ZC_COPIED, CqeFlags.NOTIF)));
        assertFalse(zc.isPending(t));
        assertEquals(5, zc.lastTag());
        assertEquals(1000, zc.lastResult(), "the release still reports the bytes sent");
        assertTrue(zc.lastCopied());
        assertEquals(0, zc.inFlight());
    }

    @Test
    void notificationThenResultReleasesOnTheResult() {
        ZeroCopyTracker zc = new ZeroCopyTracker(2);
        long t = zc.begin(6);
        assertEquals(ZeroCopyTracker.NOTIFICATION, zc.onCompletion(cqe(t, 0, CqeFlags.NOTIF)),
                "no release before the result: the send may not be finished with the buffer's bookkeeping");
        assertTrue(zc.isPending(t));
        assertEquals(0, zc.lastResult(), "no result yet");
        assertEquals(ZeroCopyTracker.RESULT | ZeroCopyTracker.RELEASED, zc.onCompletion(cqe(t, 4096, CqeFlags.MORE)));
        assertFalse(zc.isPending(t));
        assertEquals(4096, zc.lastResult());
        assertFalse(zc.lastCopied());
    }

    @Test
    void resultWithoutMoreReleasesAtOnceAndALateNotificationIsNotTracked() {
        ZeroCopyTracker zc = new ZeroCopyTracker(2);
        long t = zc.begin(7);
        int failed = -Errno.ECONNRESET.value();
        assertEquals(ZeroCopyTracker.RESULT | ZeroCopyTracker.RELEASED, zc.onCompletion(cqe(t, failed, 0)));
        assertEquals(failed, zc.lastResult());
        assertEquals(ZeroCopyTracker.NOT_TRACKED, zc.onCompletion(cqe(t, 0, CqeFlags.NOTIF)), "stale token");
        assertEquals(ZeroCopyTracker.RELEASED, zc.lastEvents() & ZeroCopyTracker.RELEASED, "the stale CQE changed nothing");
    }

    @Test
    void completionsOfOtherRequestsAreNotTracked() {
        ContextPool pool = new ContextPool(8, 0);
        ZeroCopyTracker zc = new ZeroCopyTracker(pool);
        long other = pool.acquire(); // another request of the same ring, same pool
        long mine = zc.begin(1);
        assertEquals(ZeroCopyTracker.NOT_TRACKED, zc.onCompletion(cqe(other, 10, CqeFlags.MORE)));
        assertEquals(ZeroCopyTracker.NOT_TRACKED, zc.onCompletion(cqe(42, 0, 0)), "a direct-mode user_data");
        assertEquals(ZeroCopyTracker.NOT_TRACKED, zc.onCompletion(cqe(-1L, 0, 0)), "an index beyond the pool");
        assertTrue(pool.attachment(pool.resolve(mine)) == zc, "a router can tell the tracker's slots");
        assertEquals(0, pool.staleSeen(), "foreign completions are not counted as stale in the shared pool");
        assertEquals(ZeroCopyTracker.RESULT | ZeroCopyTracker.RELEASED, zc.onCompletion(cqe(mine, 3, 0)));
        assertEquals(1, pool.inUse(), "only the other request's slot is still held");
    }

    @Test
    void fullPoolAnswersExhaustedAndAbandonFreesASlot() {
        ZeroCopyTracker zc = new ZeroCopyTracker(1);
        long t = zc.begin(1);
        assertEquals(ContextPool.EXHAUSTED, zc.begin(2));
        assertTrue(zc.abandon(t));
        assertFalse(zc.abandon(t), "already abandoned");
        assertEquals(0, zc.inFlight());
        assertTrue(zc.begin(3) != ContextPool.EXHAUSTED);
    }

    @Test
    void describeNamesTheEvents() {
        assertEquals("NOT_TRACKED", ZeroCopyTracker.describe(0));
        assertEquals("RESULT|NOTIFICATION|RELEASED", ZeroCopyTracker.describe(7));
        assertThrows(IllegalArgumentException.class, () -> new ZeroCopyTracker((ContextPool) null));
    }

    @Test
    void trackingDoesNotAllocate() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ZeroCopyTracker zc = new ZeroCopyTracker(64);
        int ops = 200_000;
        long sum = run(zc, ops);
        long before = threads.getCurrentThreadAllocatedBytes();
        sum += run(zc, ops);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(sum > 0);
        assertTrue(allocated < 4096, allocated + " bytes allocated over " + ops + " tracked sends");
    }

    private long run(ZeroCopyTracker zc, int ops) {
        long sum = 0;
        for (int i = 0; i < ops; i++) {
            long t = zc.begin(i);
            zc.onCompletion(cqe(t, 100, CqeFlags.MORE));
            sum += zc.onCompletion(cqe(t, 0, CqeFlags.NOTIF)) + zc.lastTag();
        }
        return sum;
    }
}
