package io.uring4j.net;

import io.uring4j.Ring;
import io.uring4j.RingOptions;
import io.uring4j.kernel.flags.SocketDomain;
import io.uring4j.kernel.flags.SocketType;
import io.uring4j.testsupport.Libc;
import io.uring4j.testsupport.Loopback;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One buffer to 64 loopback TCP peers, below and above the zero-copy threshold. */
class FanOutTest {
    private static final int PEERS = 64;
    private static final int THRESHOLD = 8 * 1024;
    private static final long TAG = 0x5EED;

    private final int[] senders = new int[PEERS];
    private final int[] receivers = new int[PEERS];
    private Arena arena;

    @BeforeEach
    void connectPeers() {
        arena = Arena.ofConfined();
        int listener = Libc.socket(SocketDomain.INET, SocketType.STREAM | SocketType.CLOEXEC, 0);
        assertTrue(listener >= 0);
        assertEquals(0, Libc.bind(listener, SocketAddresses.allocate(arena,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))));
        assertEquals(0, Libc.listen(listener, PEERS));
        MemorySegment to = SocketAddresses.allocate(arena, SocketAddresses.localAddress(listener));
        for (int i = 0; i < PEERS; i++) {
            receivers[i] = Libc.socket(SocketDomain.INET, SocketType.STREAM | SocketType.CLOEXEC, 0);
            assertEquals(0, Libc.connect(receivers[i], to), "peer " + i + " connects");
            senders[i] = Libc.accept4(listener, SocketType.CLOEXEC);
            assertTrue(senders[i] >= 0, "peer " + i + " accepted");
        }
        Libc.close(listener);
    }

    @AfterEach
    void closePeers() {
        for (int i = 0; i < PEERS; i++) {
            Libc.close(senders[i]);
            Libc.close(receivers[i]);
        }
        arena.close();
    }

    @Test
    void smallBuffersGoOutAsPlainSendsAndEveryPeerGetsEveryByte() {
        try (Ring ring = Ring.open(RingOptions.ofEntries(32))) { // fewer entries than targets: the batch spills
            FanOut fan = new FanOut(PEERS, THRESHOLD, TAG);
            MemorySegment buf = arena.allocate(1000);
            Loopback.fillPattern(buf, 1);
            batch(ring, fan, buf, false);
            Loopback.fillPattern(buf, 2); // the buffer is free again: reuse it
            batch(ring, fan, buf, false);
        }
    }

    @Test
    void largeBuffersGoOutZeroCopyAndStayBusyUntilEveryNotification() {
        try (Ring ring = Ring.open(RingOptions.ofEntries(128))) {
            FanOut fan = new FanOut(PEERS, THRESHOLD, TAG);
            MemorySegment buf = arena.allocate(32 * 1024);
            Loopback.fillPattern(buf, 3);
            batch(ring, fan, buf, true);
            Loopback.fillPattern(buf, 4);
            batch(ring, fan, buf, true);
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
            e = assertThrows(IllegalArgumentException.class, () -> fan.send(ring, arena.allocate(8), senders, 3));
            assertTrue(e.getMessage().contains("count"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> fan.send(ring, MemorySegment.ofArray(new byte[8]), senders, 1));
            assertTrue(e.getMessage().contains("native"), e.getMessage());
        }
    }

    private void batch(Ring ring, FanOut fan, MemorySegment buf, boolean zeroCopy) {
        int n = (int) buf.byteSize();
        byte[] expected = buf.toArray(ValueLayout.JAVA_BYTE);
        assertEquals(PEERS, fan.send(ring, buf, senders, PEERS));
        assertEquals(zeroCopy, fan.zeroCopy());
        ring.submit();
        assertTrue(fan.isBusy());
        var reuse = assertThrows(IllegalStateException.class, () -> fan.send(ring, buf, senders, PEERS));
        assertTrue(reuse.getMessage().contains("references its buffer"), reuse.getMessage());

        int[] notifications = new int[1];
        int[] results = new int[1];
        long deadline = System.nanoTime() + Loopback.WAIT_NANOS;
        while (results[0] < PEERS) {
            assertTrue(System.nanoTime() < deadline, "results arrived: " + results[0] + " of " + PEERS);
            ring.waitFor(1, Duration.ofMillis(100));
            ring.drain(cqe -> {
                assertTrue(fan.onCompletion(cqe), "every completion is the fan-out's");
                if (cqe.isNotif()) {
                    notifications[0]++;
                } else {
                    results[0]++;
                    assertEquals(zeroCopy, cqe.isMore(), "a zero-copy send announces its notification");
                }
            });
        }
        for (int i = 0; i < PEERS; i++) {
            assertEquals(n, fan.result(i), "bytes sent to peer " + i);
            assertEquals(n, readFully(receivers[i], n), "bytes read by peer " + i);
        }
        for (int i = 0; i < PEERS; i++) {
            // Read into a fresh copy and compare: every byte at every peer.
            assertTrue(java.util.Arrays.equals(expected, lastRead[i]), "peer " + i + " got the buffer's bytes");
        }
        while (fan.isBusy()) {
            assertTrue(System.nanoTime() < deadline, "notifications arrived: " + notifications[0]);
            ring.waitFor(1, Duration.ofMillis(100));
            ring.drain(cqe -> {
                assertTrue(fan.onCompletion(cqe));
                assertTrue(cqe.isNotif(), "only notifications remain");
                notifications[0]++;
            });
        }
        assertEquals(zeroCopy ? PEERS : 0, notifications[0], "one notification per zero-copy send, none otherwise");
        assertFalse(fan.isBusy());
        assertEquals(0, fan.failed());
    }

    private final byte[][] lastRead = new byte[PEERS][];

    private int readFully(int fd, int n) {
        MemorySegment in = arena.allocate(n);
        int got = 0;
        while (got < n) {
            long r = Libc.read(fd, in.asSlice(got));
            assertTrue(r > 0, "read returned " + r);
            got += (int) r;
        }
        for (int i = 0; i < PEERS; i++) {
            if (receivers[i] == fd) {
                lastRead[i] = in.toArray(ValueLayout.JAVA_BYTE);
            }
        }
        return got;
    }
}
