package io.uring4j.net;

import io.uring4j.Ring;
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
import java.util.function.IntSupplier;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connected loopback TCP pairs for the fan-out tests, and one checked batch: every byte at every peer. */
final class FanOutPeers implements AutoCloseable {
    final int[] senders;
    final int[] receivers;
    private final Arena arena = Arena.ofConfined();

    FanOutPeers(int peers) {
        senders = new int[peers];
        receivers = new int[peers];
        int listener = Libc.socket(SocketDomain.INET, SocketType.STREAM | SocketType.CLOEXEC, 0);
        assertTrue(listener >= 0);
        assertEquals(0, Libc.bind(listener, SocketAddresses.allocate(arena,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))));
        assertEquals(0, Libc.listen(listener, peers));
        MemorySegment to = SocketAddresses.allocate(arena, SocketAddresses.localAddress(listener));
        for (int i = 0; i < peers; i++) {
            receivers[i] = Libc.socket(SocketDomain.INET, SocketType.STREAM | SocketType.CLOEXEC, 0);
            assertEquals(0, Libc.connect(receivers[i], to), "peer " + i + " connects");
            senders[i] = Libc.accept4(listener, SocketType.CLOEXEC);
            assertTrue(senders[i] >= 0, "peer " + i + " accepted");
        }
        Libc.close(listener);
    }

    /**
     * Queues a batch with {@code queue} (which returns the target count), submits, checks that the
     * buffer is refused for reuse while busy, then reaps: results, every byte read at every peer,
     * and (zero-copy) one notification per target before the fan-out says the buffer is free.
     */
    void batch(Ring ring, FanOut fan, MemorySegment buf, boolean zeroCopy, IntSupplier queue) {
        int peers = senders.length;
        int n = (int) buf.byteSize();
        byte[] expected = buf.toArray(ValueLayout.JAVA_BYTE);
        assertEquals(peers, queue.getAsInt());
        assertEquals(zeroCopy, fan.zeroCopy());
        ring.submit();
        assertTrue(fan.isBusy());
        var reuse = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, queue::getAsInt);
        assertTrue(reuse.getMessage().contains("references its buffer"), reuse.getMessage());

        int[] notifications = new int[1];
        int[] results = new int[1];
        long deadline = System.nanoTime() + Loopback.WAIT_NANOS;
        while (results[0] < peers) {
            assertTrue(System.nanoTime() < deadline, "results arrived: " + results[0] + " of " + peers);
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
        for (int i = 0; i < peers; i++) {
            assertEquals(n, fan.result(i), "bytes sent to peer " + i);
            assertArrayEquals(expected, readFully(receivers[i], n), "peer " + i + " got every byte of the buffer");
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
        assertEquals(zeroCopy ? peers : 0, notifications[0], "one notification per zero-copy send, none otherwise");
        assertFalse(fan.isBusy());
        assertEquals(0, fan.failed());
    }

    private byte[] readFully(int fd, int n) {
        MemorySegment in = arena.allocate(n);
        int got = 0;
        while (got < n) {
            long r = Libc.read(fd, in.asSlice(got));
            assertTrue(r > 0, "read returned " + r);
            got += (int) r;
        }
        return in.toArray(ValueLayout.JAVA_BYTE);
    }

    @Override
    public void close() {
        for (int i = 0; i < senders.length; i++) {
            Libc.close(senders[i]);
            Libc.close(receivers[i]);
        }
        arena.close();
    }
}
