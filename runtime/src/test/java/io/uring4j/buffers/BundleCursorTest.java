package io.uring4j.buffers;

import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.testsupport.SocketPair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import static io.uring4j.testsupport.BufferTestSupport.message;
import static io.uring4j.testsupport.BufferTestSupport.next;
import static io.uring4j.testsupport.BufferTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


/** Receive bundles: one completion, several consecutive ring buffers, walked by a BundleCursor. */
class BundleCursorTest {
    private static final int GROUP = 6;
    private static final int SIZE = 16;

    /**
     * Receives bundles until {@code total} bytes arrived; checks every buffer but the last of a
     * bundle is full; returns the data, and adds the buffer ids in order to {@code bids}.
     */
    private static String receiveBundles(Ring ring, BufferRing buffers, BundleCursor cursor, SocketPair pair,
            int total, List<Integer> bids, int[] stats) {
        StringBuilder got = new StringBuilder();
        while (got.length() < total) {
            ring.nextSqe().recvBundle(pair.local, GROUP);
            Cqe cqe = next(ring);
            int res = cqe.res();
            assertTrue(res > 0, "bundle res " + res);
            int first = cqe.bufferId();
            int n = cursor.open(cqe);
            ring.seen();
            assertEquals((res + SIZE - 1) / SIZE, n, "buffers covering " + res + " bytes");
            int sum = 0;
            for (int i = 0; i < n; i++) {
                assertTrue(cursor.next());
                if (i == 0) {
                    assertEquals(first, cursor.bufferId(), "the bundle starts at the completion's buffer");
                }
                assertEquals(0, cursor.offset());
                assertEquals(i < n - 1 ? SIZE : res - (n - 1) * SIZE, cursor.length(), "length of buffer #" + i);
                assertTrue(buffers.isHeld(cursor.bufferId()));
                got.append(text(cursor.buffer(), cursor.offset(), cursor.length()));
                sum += cursor.length();
                bids.add(cursor.bufferId());
            }
            assertFalse(cursor.next());
            assertEquals(res, sum);
            stats[0] = Math.max(stats[0], n);
            if (res % SIZE != 0) {
                stats[1]++;
            }
            cursor.recycle();
        }
        return got.toString();
    }

    @Test
    void aBundleSpansSeveralBuffersInRingOrderAndIsRecycledAtOnce() {
        try (Ring ring = Ring.open(16); SocketPair pair = SocketPair.open();
                BufferRing buffers = BufferRing.register(ring, GROUP, 8, SIZE)) {
            BundleCursor cursor = new BundleCursor(buffers);
            int[] stats = new int[2];
            List<Integer> bids = new ArrayList<>();
            StringBuilder sent = new StringBuilder();
            StringBuilder received = new StringBuilder();
            for (int length : new int[] {20, 50, 100, 37, 64, 90, 5}) {
                String msg = message(length, length);
                sent.append(msg);
                pair.send(msg);
                received.append(receiveBundles(ring, buffers, cursor, pair, length, bids, stats));
            }
            assertEquals(sent.toString(), received.toString());
            assertTrue(stats[0] >= 3, "some bundle covered at least three buffers: " + stats[0]);
            assertTrue(stats[1] > 0, "some bundle ended in a partly filled buffer");
            for (int i = 0; i < bids.size(); i++) {
                assertEquals(i % 8, bids.get(i), "buffers recycled in order come back in order");
            }
            assertTrue(bids.size() > 16, "buffers were reused: " + bids.size() + " uses of 8");
            assertEquals(8, buffers.available());
        }
    }

    @Test
    void buffersRecycledOutOfOrderAreFollowedInRingOrder() {
        try (Ring ring = Ring.open(16); SocketPair pair = SocketPair.open();
                BufferRing buffers = BufferRing.register(ring, GROUP, 4, SIZE)) {
            BundleCursor cursor = new BundleCursor(buffers);
            // Take all four buffers with single receives, then give them back in another order.
            int[] order = {3, 1, 2, 0};
            for (int i = 0; i < 4; i++) {
                pair.send("s" + i);
                ring.nextSqe().recvBufferSelect(pair.local, GROUP);
                Cqe cqe = next(ring);
                assertEquals(i, cqe.bufferId());
                buffers.consume(cqe);
                ring.seen();
            }
            for (int bid : order) {
                buffers.stage(bid);
            }
            buffers.publish();
            String msg = message(9, 4 * SIZE - 3);
            pair.send(msg);
            List<Integer> bids = new ArrayList<>();
            String got = receiveBundles(ring, buffers, cursor, pair, msg.length(), bids, new int[2]);
            assertEquals(msg, got);
            assertEquals(List.of(3, 1, 2, 0), bids, "the buffers in the order they were placed in the ring");
        }
    }

    @Test
    void multishotBundlesDeliverEveryByte() {
        try (Ring ring = Ring.open(16); SocketPair pair = SocketPair.open();
                BufferRing buffers = BufferRing.register(ring, GROUP, 16, SIZE)) {
            BundleCursor cursor = new BundleCursor(buffers);
            ring.nextSqe().recvMultishotBundle(pair.local, GROUP).userData(3);
            ring.submit();
            StringBuilder sent = new StringBuilder();
            StringBuilder got = new StringBuilder();
            for (int i = 0; i < 30; i++) {
                String msg = message(i, 10 + (i * 7) % 60);
                sent.append(msg);
                pair.send(msg);
                while (got.length() < sent.length()) {
                    Cqe cqe = next(ring);
                    assertTrue(cqe.isMore(), "still armed");
                    cursor.open(cqe);
                    ring.seen();
                    while (cursor.next()) {
                        got.append(text(cursor.buffer(), cursor.offset(), cursor.length()));
                    }
                    cursor.recycle();
                }
            }
            assertEquals(sent.toString(), got.toString());
            pair.closePeer();
            Cqe end = next(ring);
            assertEquals(0, end.res());
            assertFalse(end.isMore());
            assertEquals(0, cursor.open(end), "end of stream covers no buffer");
            ring.seen();
            cursor.recycle();
            assertEquals(16, buffers.available());
        }
    }

    @Test
    void onAnIncrementalRingTheLastBufferOfABundleMayStayWithTheKernel() {
        try (Ring ring = Ring.open(16); SocketPair pair = SocketPair.open(); BufferRing buffers = BufferRing.register(ring,
                BufferRingOptions.builder(GROUP, 4, 100).incremental().build())) {
            BundleCursor cursor = new BundleCursor(buffers);
            String first = message(1, 250);
            pair.send(first);
            ring.nextSqe().recvBundle(pair.local, GROUP);
            Cqe cqe = next(ring);
            assertEquals(250, cqe.res());
            assertTrue(cqe.isBufMore(), "the third buffer is only half used");
            assertEquals(3, cursor.open(cqe));
            ring.seen();
            StringBuilder got = new StringBuilder();
            int[] lengths = {100, 100, 50};
            for (int i = 0; i < 3; i++) {
                assertTrue(cursor.next());
                assertEquals(i, cursor.bufferId());
                assertEquals(0, cursor.offset());
                assertEquals(lengths[i], cursor.length());
                got.append(text(cursor.buffer(), cursor.offset(), cursor.length()));
            }
            assertEquals(first, got.toString());
            assertFalse(buffers.isHeld(2), "the kernel keeps filling buffer 2");
            cursor.recycle();
            assertEquals(2, buffers.head());

            String second = message(2, 30);
            pair.send(second);
            ring.nextSqe().recvBundle(pair.local, GROUP);
            cqe = next(ring);
            assertEquals(30, cqe.res());
            assertEquals(1, cursor.open(cqe));
            ring.seen();
            assertTrue(cursor.next());
            assertEquals(2, cursor.bufferId());
            assertEquals(50, cursor.offset(), "continues where the last bundle stopped");
            assertEquals(second, text(cursor.buffer(), cursor.offset(), cursor.length()));
            cursor.recycle();
        }
    }

    @Test
    void aBundleWhoseRingSlotsWereRefilledIsRefusedNotMisread() {
        try (Ring ring = Ring.open(16); SocketPair pair = SocketPair.open();
                BufferRing buffers = BufferRing.register(ring, GROUP, 4, SIZE)) {
            BundleCursor cursor = new BundleCursor(buffers);
            pair.send("0123456789abcdefXYZ"); // 19 bytes: buffers 0 and 1
            ring.nextSqe().recvBundle(pair.local, GROUP);
            Cqe cqe = next(ring);
            int bid = cqe.bufferId();
            int res = cqe.res();
            int flags = cqe.flags();
            ring.seen();
            assertEquals(19, res);
            // Two single receives take buffers 2 and 3; recycling them refills slots 0 and 1.
            for (int i = 0; i < 2; i++) {
                pair.send("x");
                ring.nextSqe().recvBufferSelect(pair.local, GROUP);
                Cqe one = next(ring);
                buffers.consume(one);
                int b = one.bufferId();
                ring.seen();
                buffers.recycle(b);
            }
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> cursor.open(bid, res, flags));
            assertTrue(e.getMessage().contains("no longer known"), e.getMessage());
            assertFalse(buffers.isHeld(0), "nothing was recorded");
        }
    }
}
