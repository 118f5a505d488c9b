package io.uring4j.buffers;

import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.testsupport.SocketPair;
import org.junit.jupiter.api.Test;
import static io.uring4j.testsupport.BufferTestSupport.message;
import static io.uring4j.testsupport.BufferTestSupport.next;
import static io.uring4j.testsupport.BufferTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


/** Incremental consumption (IOU_PBUF_RING_INC): one buffer serves several receives. */
class IncrementalBufferRingTest {
    private static final int GROUP = 4;

    private static BufferRing incremental(Ring ring, int entries, int size) {
        return BufferRing.register(ring, BufferRingOptions.builder(GROUP, entries, size).incremental().build());
    }

    /** Sends {@code msg}, receives it with buffer select, checks bid, offset, BUF_MORE and bytes. */
    private static void receive(Ring ring, BufferRing buffers, SocketPair pair, String msg, int bid, int offset,
            boolean bufMore) {
        pair.send(msg);
        ring.nextSqe().recvBufferSelect(pair.local, GROUP);
        Cqe cqe = next(ring);
        assertEquals(msg.length(), cqe.res());
        assertEquals(bid, cqe.bufferId(), "buffer of '" + msg + "'");
        assertEquals(bufMore, cqe.isBufMore(), "BUF_MORE after '" + msg + "'");
        assertEquals(offset, buffers.consume(cqe), "offset of '" + msg + "'");
        assertEquals(msg, text(buffers.buffer(bid), offset, msg.length()));
        assertEquals(!bufMore, buffers.isHeld(bid), "the buffer is the application's once used up");
        ring.seen();
    }

    @Test
    void oneBufferServesSeveralReceivesThenIsRecycled() {
        try (Ring ring = Ring.open(16); SocketPair pair = SocketPair.open(); BufferRing buffers = incremental(ring, 2, 100)) {
            assertTrue(buffers.isIncremental());
            receive(ring, buffers, pair, message(1, 30), 0, 0, true);
            assertEquals(0, buffers.head(), "a partly used buffer stays at the head");
            assertThrows(IllegalStateException.class, () -> buffers.recycle(0), "the kernel still fills buffer 0");
            receive(ring, buffers, pair, message(2, 30), 0, 30, true);
            receive(ring, buffers, pair, message(3, 40), 0, 60, false);
            assertEquals(1, buffers.head(), "a used-up buffer leaves the ring");

            receive(ring, buffers, pair, message(4, 10), 1, 0, true);
            buffers.recycle(0);
            receive(ring, buffers, pair, message(5, 90), 1, 10, false);
            receive(ring, buffers, pair, message(6, 25), 0, 0, true); // buffer 0 again, from its start
            buffers.recycle(1);
            assertEquals(2, buffers.head(), "buffer 0 is partly used again, so it is still at the head");
        }
    }

    @Test
    void multishotReceiveWalksThroughOneLargeBuffer() {
        try (Ring ring = Ring.open(16); SocketPair pair = SocketPair.open(); BufferRing buffers = incremental(ring, 1, 1000)) {
            ring.nextSqe().recvMultishot(pair.local, GROUP).userData(8);
            ring.submit();
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 10; i++) {
                    String msg = message(round * 10 + i, 100);
                    pair.send(msg);
                    Cqe cqe = next(ring);
                    assertEquals(100, cqe.res());
                    assertTrue(cqe.isMore());
                    assertEquals(0, cqe.bufferId(), "the only buffer");
                    assertEquals(i < 9, cqe.isBufMore(), "BUF_MORE until the 1000 bytes are used, i=" + i);
                    int offset = buffers.consume(cqe);
                    assertEquals(i * 100, offset);
                    assertEquals(msg, text(buffers.buffer(0), offset, 100));
                    ring.seen();
                }
                assertTrue(buffers.isHeld(0));
                buffers.recycle(0); // the multishot receive keeps going with the recycled buffer
            }
            assertEquals(3, buffers.head());
            pair.closePeer();
            Cqe end = next(ring);
            assertEquals(0, end.res());
            assertFalse(end.isMore());
            assertFalse(end.isBuffer(), "end of stream takes no buffer");
            ring.seen();
        }
    }
}
