package io.uring4j.net;

import io.uring4j.Ring;
import io.uring4j.RingOptions;
import io.uring4j.register.BufferTable;
import io.uring4j.testsupport.Loopback;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One registered buffer (SEND_ZC with RECVSEND_FIXED_BUF above the threshold) to 64 loopback TCP peers. */
class FanOutRegisteredTest {
    private static final int PEERS = 64;
    private static final int THRESHOLD = 8 * 1024;
    private static final long TAG = 0xF1;

    private FanOutPeers peers;

    @BeforeEach
    void connectPeers() {
        peers = new FanOutPeers(PEERS);
    }

    @AfterEach
    void closePeers() {
        peers.close();
    }

    @Test
    void belowTheThresholdPlainSendsFromTheRegisteredMemory() {
        try (Ring ring = Ring.open(RingOptions.ofEntries(32)); BufferTable table = BufferTable.register(ring, 2, 64 * 1024)) {
            FanOut fan = new FanOut(PEERS, THRESHOLD, TAG);
            MemorySegment bytes = table.buffer(1).asSlice(100, 3000); // not at the start of the buffer
            Loopback.fillPattern(bytes, 5);
            peers.batch(ring, fan, bytes, false, () -> fan.sendRegistered(ring, table, 1, bytes, peers.senders, PEERS));
            Loopback.fillPattern(bytes, 6);
            peers.batch(ring, fan, bytes, false, () -> fan.sendRegistered(ring, table, 1, bytes, peers.senders, PEERS));
        }
    }

    @Test
    void aboveTheThresholdZeroCopyFromTheRegisteredBufferFreeOnlyAfterEveryNotification() {
        try (Ring ring = Ring.open(RingOptions.ofEntries(128)); BufferTable table = BufferTable.register(ring, 2, 64 * 1024)) {
            FanOut fan = new FanOut(PEERS, THRESHOLD, TAG);
            MemorySegment bytes = table.buffer(0).asSlice(4096, 40 * 1024);
            Loopback.fillPattern(bytes, 7);
            peers.batch(ring, fan, bytes, true, () -> fan.sendRegistered(ring, table, 0, bytes, peers.senders, PEERS));
            Loopback.fillPattern(bytes, 8); // reused only after every notification (batch waited for them)
            peers.batch(ring, fan, bytes, true, () -> fan.sendRegistered(ring, table, 0, bytes, peers.senders, PEERS));
        }
    }

    @Test
    void misuseIsRefusedByNameBeforeAnythingIsQueued() {
        try (Ring ring = Ring.open(RingOptions.ofEntries(128)); BufferTable table = BufferTable.register(ring, 2, 64 * 1024)) {
            FanOut fan = new FanOut(PEERS, THRESHOLD, TAG);
            MemorySegment bytes = table.buffer(0).asSlice(0, 16 * 1024);
            // Memory of buffer 0 passed with index 1: outside the registered buffer the kernel looks up.
            var outside = assertThrows(IllegalArgumentException.class,
                    () -> fan.sendRegistered(ring, table, 1, bytes, peers.senders, PEERS));
            assertTrue(outside.getMessage().contains("inside registered buffer 1"), outside.getMessage());
            var tooLong = assertThrows(IllegalArgumentException.class, () -> fan.sendRegistered(ring, table, 0,
                    MemorySegment.ofAddress(bytes.address()).reinterpret(64 * 1024 + 1), peers.senders, PEERS));
            assertTrue(tooLong.getMessage().contains("inside registered buffer 0"), tooLong.getMessage());
            var heap = assertThrows(IllegalArgumentException.class, () -> fan.sendRegistered(ring, table, 0,
                    MemorySegment.ofArray(new byte[16]), peers.senders, PEERS));
            assertTrue(heap.getMessage().contains("inside registered buffer"), heap.getMessage());
            var empty = assertThrows(IllegalArgumentException.class,
                    () -> fan.sendRegistered(ring, table, 2, bytes, peers.senders, PEERS));
            assertTrue(empty.getMessage().contains("slot"), empty.getMessage());
            assertFalse(fan.isBusy(), "nothing was queued");
            assertEquals(0, ring.submit(), "no entry reached the SQ");
        }
    }
}
