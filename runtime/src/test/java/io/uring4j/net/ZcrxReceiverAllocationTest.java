package io.uring4j.net;

import io.uring4j.Ring;
import io.uring4j.RingOptions;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Delivering a zero-copy receive completion and releasing its buffer (refill entry, published
 * tail) allocates nothing once the JIT has compiled the path: several batches of
 * {@value #BATCH} allocate no byte at all.
 */
class ZcrxReceiverAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int BATCH = 20_000;
    private static final int MAX_BATCHES = 50;

    private long bytes;
    private final ZcrxHandler releaseAtOnce = new ZcrxHandler() {
        @Override
        public void onData(ZcrxBuffer buffer) {
            bytes += buffer.length();
            buffer.release();
        }

        @Override
        public void onEnd(int res) {
            throw new AssertionError("ended: " + res);
        }
    };

    @Test
    void deliverAndReleaseAllocateNothingInSteadyState() {
        try (Ring ring = Ring.open(RingOptions.builder().entries(4).cqe32().build()); Arena arena = Arena.ofConfined()) {
            MemorySegment area = arena.allocate(1 << 20, 4096);
            MemorySegment refillMemory = ZcrxRefillQueueTest.ringMemory(arena, 64);
            ZcrxRefillQueue refill = new ZcrxRefillQueue(refillMemory, ZcrxRefillQueueTest.HEAD, ZcrxRefillQueueTest.TAIL,
                    ZcrxRefillQueueTest.RQES, 64, 0);
            ZcrxReceiver r = new ZcrxReceiver(ring, 0, area, refill, ZcrxConfig.of(1, 8));
            r.armed(releaseAtOnce);
            AllocationBatches.assertSomeBatchesAllocateNothing(BATCH + " deliveries and releases", MAX_BATCHES,
                    () -> batch(r, refillMemory));
            assertEquals(r.delivered(), r.refilled(), "every buffer went back to the kernel");
            assertEquals(0, r.held());
        }
    }

    private long batch(ZcrxReceiver r, MemorySegment refillMemory) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < BATCH; i++) {
            r.complete(1500, true, (i & 255) * 4096L);
            ZcrxRefillQueueTest.kernelConsumes(refillMemory, 1); // the kernel takes each entry back
        }
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }
}
