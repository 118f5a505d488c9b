package io.uring4j.net;

import io.uring4j.Ring;
import io.uring4j.RingOptions;
import io.uring4j.testsupport.Loopback;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One buffer to 64 loopback TCP peers, below and above the zero-copy threshold. */
class FanOutTest {
    private static final int PEERS = 64;
    private static final int THRESHOLD = 8 * 1024;
    private static final long TAG = 0x5EED;

    private FanOutPeers peers;
    private Arena arena;

    @BeforeEach
    void connectPeers() {
        arena = Arena.ofConfined();
        peers = new FanOutPeers(PEERS);
    }

    @AfterEach
    void closePeers() {
        peers.close();
        arena.close();
    }

    @Test
    void smallBuffersGoOutAsPlainSendsAndEveryPeerGetsEveryByte() {
        try (Ring ring = Ring.open(RingOptions.ofEntries(32))) { // fewer entries than targets: the batch spills
            FanOut fan = new FanOut(PEERS, THRESHOLD, TAG);
            MemorySegment buf = arena.allocate(1000);
            Loopback.fillPattern(buf, 1);
            peers.batch(ring, fan, buf, false, () -> fan.send(ring, buf, peers.senders, PEERS));
            Loopback.fillPattern(buf, 2); // the buffer is free again: reuse it
            peers.batch(ring, fan, buf, false, () -> fan.send(ring, buf, peers.senders, PEERS));
        }
    }

    @Test
    void largeBuffersGoOutZeroCopyAndStayBusyUntilEveryNotification() {
        try (Ring ring = Ring.open(RingOptions.ofEntries(128))) {
            FanOut fan = new FanOut(PEERS, THRESHOLD, TAG);
            MemorySegment buf = arena.allocate(32 * 1024);
            Loopback.fillPattern(buf, 3);
            peers.batch(ring, fan, buf, true, () -> fan.send(ring, buf, peers.senders, PEERS));
            Loopback.fillPattern(buf, 4);
            peers.batch(ring, fan, buf, true, () -> fan.send(ring, buf, peers.senders, PEERS));
        }
    }

    @Test
    void argumentsAreCheckedByName() {
        var e = assertThrows(IllegalArgumentException.class, () -> new FanOut(0, 1, 1));
        assertTrue(e.getMessage().contains("maxTargets"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new FanOut(1, -1, 1));
        assertTrue(e.getMessage().contains("zeroCopyThreshold"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new FanOut(1, 1, FanOut.MAX_TAG + 1));
        assertTrue(e.getMessage().contains("tag"), e.getMessage());
        try (Ring ring = Ring.open(4)) {
            FanOut fan = new FanOut(2, 1, 1);
            e = assertThrows(IllegalArgumentException.class,
                    () -> fan.send(ring, arena.allocate(8), peers.senders, 3));
            assertTrue(e.getMessage().contains("count"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> fan.send(ring, MemorySegment.ofArray(new byte[8]), peers.senders, 1));
            assertTrue(e.getMessage().contains("native"), e.getMessage());
        }
    }
}
