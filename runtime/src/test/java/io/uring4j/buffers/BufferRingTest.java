package io.uring4j.buffers;

import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.UringException;
import io.uring4j.kernel.Errno;
import io.uring4j.testsupport.SocketPair;
import java.util.BitSet;
import org.junit.jupiter.api.Test;
import static io.uring4j.testsupport.BufferTestSupport.message;
import static io.uring4j.testsupport.BufferTestSupport.next;
import static io.uring4j.testsupport.BufferTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;


/** A provided-buffer ring on the real kernel: RECV with buffer select takes buffers from it. */
class BufferRingTest {
    private static final int GROUP = 3;

    /** Receives {@code rounds} messages one at a time, recycling each buffer; returns the buffer ids seen. */
    private static BitSet receiveRounds(Ring ring, BufferRing buffers, SocketPair pair, int rounds, int length) {
        BitSet seen = new BitSet();
        for (int i = 0; i < rounds; i++) {
            String msg = message(i, length);
            pair.send(msg);
            ring.nextSqe().recvBufferSelect(pair.local, buffers.groupId()).userData(i);
            Cqe cqe = next(ring);
            assertEquals(i, cqe.userData());
            assertEquals(length, cqe.res(), "bytes received in round " + i);
            assertTrue(cqe.isBuffer(), "the completion names a buffer");
            int bid = cqe.bufferId();
            assertEquals(0, buffers.consume(cqe));
            assertEquals(msg, text(buffers.buffer(bid), 0, length), "bytes of round " + i + " in buffer " + bid);
            assertTrue(buffers.isHeld(bid));
            ring.seen();
            buffers.recycle(bid);
            assertFalse(buffers.isHeld(bid));
            seen.set(bid);
        }
        return seen;
    }

    @Test
    void recvPicksBuffersAndRecycledOnesAreReusedManyTimes() {
        try (Ring ring = Ring.open(16); SocketPair pair = SocketPair.open();
                BufferRing buffers = BufferRing.register(ring, GROUP, 4, 64)) {
            assertEquals(4, buffers.available());
            int rounds = 40; // ten times the ring size
            BitSet seen = receiveRounds(ring, buffers, pair, rounds, 48);
            assertEquals(4, seen.cardinality(), "every buffer was used: " + seen);
            assertEquals(rounds & 0xFFFF, buffers.head(), "the kernel took one entry per receive");
            assertEquals((rounds + 4) & 0xFFFF, buffers.tail(), "initial fill plus one publish per recycle");
            assertEquals(4, buffers.available());
        }
    }

    @Test
    void kernelMappedRingWorksTheSame() {
        try (Ring ring = Ring.open(16); SocketPair pair = SocketPair.open();
                BufferRing buffers = BufferRing.register(ring,
                        BufferRingOptions.builder(GROUP, 8, 128).kernelMapped().build())) {
            assertTrue(buffers.isKernelMapped());
            BitSet seen = receiveRounds(ring, buffers, pair, 50, 100);
            assertEquals(8, seen.cardinality(), "every buffer was used: " + seen);
            assertEquals(50, buffers.head());
        }
    }

    @Test
    void headAdvancesAsTheKernelTakesBuffers() {
        try (Ring ring = Ring.open(16); SocketPair pair = SocketPair.open();
                BufferRing buffers = BufferRing.register(ring, GROUP, 8, 32)) {
            assertEquals(0, buffers.head());
            assertEquals(8, buffers.tail());
            for (int i = 1; i <= 3; i++) {
                pair.send("x".repeat(i));
                ring.nextSqe().recvBufferSelect(pair.local, GROUP);
                Cqe cqe = next(ring);
                assertEquals(i, cqe.res());
                assertEquals(i - 1, cqe.bufferId(), "buffers are taken in ring order");
                buffers.consume(cqe);
                ring.seen();
                assertEquals(i, buffers.head());
                assertEquals(8 - i, buffers.available());
            }
        }
    }

    @Test
    void anEmptyRingFailsTheReceiveWithEnobufsUntilABufferIsRecycled() {
        try (Ring ring = Ring.open(16); SocketPair pair = SocketPair.open();
                BufferRing buffers = BufferRing.register(ring, GROUP, 2, 16)) {
            int[] bids = new int[2];
            for (int i = 0; i < 2; i++) {
                pair.send("m" + i);
                ring.nextSqe().recvBufferSelect(pair.local, GROUP);
                Cqe cqe = next(ring);
                assertEquals(2, cqe.res());
                bids[i] = cqe.bufferId();
                buffers.consume(cqe);
                ring.seen();
            }
            assertEquals(0, buffers.available());
            pair.send("late");
            ring.nextSqe().recvBufferSelect(pair.local, GROUP).userData(99);
            Cqe cqe = next(ring);
            assertEquals(99, cqe.userData());
            assertEquals(-Errno.ENOBUFS.value(), cqe.res());
            assertEquals(Errno.ENOBUFS, cqe.errno());
            assertFalse(cqe.isBuffer(), "a failed receive names no buffer");
            ring.seen();

            buffers.recycle(bids[1]);
            ring.nextSqe().recvBufferSelect(pair.local, GROUP).userData(100);
            cqe = next(ring);
            assertEquals(4, cqe.res());
            assertEquals(bids[1], cqe.bufferId(), "the only buffer in the ring");
            assertEquals("late", text(buffers.buffer(cqe.bufferId()), buffers.consume(cqe), 4));
            ring.seen();
        }
    }

    @Test
    void multishotReceiveKeepsTakingRecycledBuffers() {
        try (Ring ring = Ring.open(16); SocketPair pair = SocketPair.open();
                BufferRing buffers = BufferRing.register(ring, GROUP, 4, 256)) {
            ring.nextSqe().recvMultishot(pair.local, GROUP).userData(5);
            ring.submit();
            BitSet seen = new BitSet();
            int rounds = 64;
            for (int i = 0; i < rounds; i++) {
                String msg = message(i, 200);
                pair.send(msg);
                Cqe cqe = next(ring);
                assertEquals(5, cqe.userData());
                assertEquals(200, cqe.res(), "round " + i);
                assertTrue(cqe.isMore(), "the multishot receive stays armed");
                int bid = cqe.bufferId();
                int offset = buffers.consume(cqe);
                assertEquals(msg, text(buffers.buffer(bid), offset, 200));
                ring.seen();
                buffers.recycle(bid);
                seen.set(bid);
            }
            assertEquals(4, seen.cardinality());
            pair.closePeer();
            Cqe end = next(ring);
            assertEquals(0, end.res(), "end of stream");
            assertFalse(end.isMore(), "end of stream ends the multishot receive");
            assertFalse(end.isBuffer(), "end of stream takes no buffer");
            ring.seen();
            assertEquals(4, buffers.available());
        }
    }

    @Test
    void closeUnregistersSoTheGroupIdCanBeRegisteredAgain() {
        try (Ring ring = Ring.open(8)) {
            BufferRing first = BufferRing.register(ring, GROUP, 4, 64);
            UringException taken = org.junit.jupiter.api.Assertions.assertThrows(UringException.class,
                    () -> BufferRing.register(ring, GROUP, 4, 64));
            assertEquals(Errno.EEXIST, taken.errno());
            assertTrue(taken.getMessage().contains("already registered"), taken.getMessage());
            first.close();
            first.close(); // idempotent
            assertTrue(first.isClosed());
            try (BufferRing second = BufferRing.register(ring, BufferRingOptions.builder(GROUP, 4, 64).kernelMapped().build())) {
                assertEquals(4, second.available());
            }
            BufferRing again = BufferRing.register(ring, GROUP, 4, 64);
            again.close();
        }
    }
}
