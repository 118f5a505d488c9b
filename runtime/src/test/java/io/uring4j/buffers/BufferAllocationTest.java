package io.uring4j.buffers;

import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.testsupport.SocketPair;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import static io.uring4j.testsupport.BufferTestSupport.next;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


/** The buffer hot path (lookup, consume, recycle, bundle walk) allocates nothing in steady state. */
class BufferAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int ROUNDS = 20_000;
    private static final long SLACK_BYTES = 4096;

    private long checksum;

    /** One receive with buffer select and one bundle receive per round; returns the bytes seen. */
    private long rounds(Ring ring, SocketPair pair, MemorySegment payload, BufferRing single, BufferRing bundled,
            BundleCursor cursor) {
        long bytes = 0;
        for (int i = 0; i < ROUNDS; i++) {
            pair.send(payload);
            ring.nextSqe().recvBufferSelect(pair.local, single.groupId());
            Cqe cqe = next(ring);
            int bid = cqe.bufferId();
            int offset = single.consume(cqe);
            int res = cqe.res();
            ring.seen();
            checksum += single.buffer(bid).get(ValueLayout.JAVA_BYTE, offset + res - 1);
            single.recycle(bid);
            bytes += res;

            pair.send(payload);
            ring.nextSqe().recvBundle(pair.local, bundled.groupId());
            cqe = next(ring);
            cursor.open(cqe);
            ring.seen();
            while (cursor.next()) {
                checksum += cursor.buffer().get(ValueLayout.JAVA_BYTE, cursor.offset() + cursor.length() - 1);
                bytes += cursor.length();
            }
            cursor.recycle();
        }
        return bytes;
    }

    @Test
    void consumeRecycleAndBundlesDoNotAllocate() {
        try (Ring ring = Ring.open(16); SocketPair pair = SocketPair.open(); Arena arena = Arena.ofConfined();
                BufferRing single = BufferRing.register(ring, 1, 8, 64);
                BufferRing bundled = BufferRing.register(ring, 2, 8, 16)) {
            MemorySegment payload = arena.allocate(20); // fits one buffer of group 1, two of group 2
            payload.fill((byte) 'z');
            BundleCursor cursor = new BundleCursor(bundled);
            for (int warm = 0; warm < 5; warm++) {
                rounds(ring, pair, payload, single, bundled, cursor);
            }
            long before = THREADS.getCurrentThreadAllocatedBytes();
            long bytes = rounds(ring, pair, payload, single, bundled, cursor);
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            assertEquals(2L * 20 * ROUNDS, bytes);
            assertTrue(allocated < SLACK_BYTES, allocated + " bytes allocated over " + ROUNDS + " rounds");
            assertEquals(8, single.available());
            assertEquals(8, bundled.available());
        }
    }
}
