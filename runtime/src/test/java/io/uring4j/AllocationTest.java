package io.uring4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.testsupport.NativeFds;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Steady-state submit and reap must not allocate: measured with the thread's allocation counter. */
class AllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int OPS = 200_000;
    /** Slack for the counter's own bookkeeping; far below one byte per operation. */
    private static final long SLACK_BYTES = 4096;

    private long sum;
    private final CompletionHandler handler = c -> sum += c.userData();

    private long viaDrain(Ring ring, int batch) {
        long done = 0;
        while (done < OPS) {
            for (int i = 0; i < batch; i++) {
                ring.nextSqe().nop().userData(i);
            }
            ring.submit();
            done += ring.drain(handler);
        }
        return done;
    }

    private long viaPeekAndWait(Ring ring) {
        long done = 0;
        while (done < OPS) {
            ring.nextSqe().nop().userData(done);
            ring.submitAndWait(1);
            ring.waitFor(1, 1_000_000_000L);
            Cqe cqe = ring.peek();
            sum += cqe.userData();
            ring.seen();
            done++;
        }
        return done;
    }

    private final long[] userData = new long[64];
    private final int[] res = new int[64];
    private final int[] flags = new int[64];

    /** The bulk calls: Ring.reserve + SqeBatch.next, Ring.drainTo into reused arrays. */
    private long viaBatch(Ring ring, int batch) {
        long done = 0;
        while (done < OPS) {
            SqeBatch b = ring.reserve(batch);
            for (int i = 0; i < batch; i++) {
                b.next(i).nop();
            }
            ring.submitAndWait(batch);
            int n = ring.drainTo(userData, res, flags);
            for (int i = 0; i < n; i++) {
                sum += userData[i];
            }
            done += n;
        }
        return done;
    }

    @Test
    void batchSubmitAndBulkReapDoNotAllocate() {
        try (Ring ring = Ring.open(64)) {
            for (int warm = 0; warm < 5; warm++) {
                viaBatch(ring, 1);
                viaBatch(ring, 32);
            }
            long before = THREADS.getCurrentThreadAllocatedBytes();
            long ops = viaBatch(ring, 1) + viaBatch(ring, 32);
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            assertEquals(2L * OPS, ops);
            assertTrue(allocated < SLACK_BYTES, allocated + " bytes allocated over " + ops + " batched NOPs");
        }
    }

    /** Reads from /dev/zero: each request holds its segment in the in-flight table until reaped. */
    private long viaHeldSegments(Ring ring, int fd, MemorySegment buf, int batch) {
        long done = 0;
        while (done < OPS) {
            for (int i = 0; i < batch; i++) {
                ring.nextSqe().read(fd, buf).userData(i);
            }
            ring.submitAndWait(batch);
            done += ring.drain(handler);
        }
        return done;
    }

    @Test
    void requestsHoldingSegmentsDoNotAllocate() {
        int fd = NativeFds.open(Path.of("/dev/zero"), 0, 0);
        try (Ring ring = Ring.open(64); Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(64);
            for (int warm = 0; warm < 5; warm++) {
                viaHeldSegments(ring, fd, buf, 1);
                viaHeldSegments(ring, fd, buf, 32);
            }
            long before = THREADS.getCurrentThreadAllocatedBytes();
            long ops = viaHeldSegments(ring, fd, buf, 1) + viaHeldSegments(ring, fd, buf, 32);
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            assertEquals(2L * OPS, ops);
            assertTrue(allocated < SLACK_BYTES, allocated + " bytes allocated over " + ops + " reads holding a segment");
            assertEquals(0, ring.heldRequests());
        } finally {
            NativeFds.close(fd);
        }
    }

    @Test
    void submitAndReapDoNotAllocate() {
        try (Ring ring = Ring.open(64)) {
            for (int warm = 0; warm < 5; warm++) {
                viaDrain(ring, 1);
                viaDrain(ring, 32);
                viaPeekAndWait(ring);
            }
            long before = THREADS.getCurrentThreadAllocatedBytes();
            long ops = viaDrain(ring, 1) + viaDrain(ring, 32) + viaPeekAndWait(ring);
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            assertEquals(3L * OPS, ops);
            assertTrue(allocated < SLACK_BYTES, allocated + " bytes allocated over " + ops + " submit+reap operations");
        }
    }
}
