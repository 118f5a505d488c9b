package io.uring4j.testsupport;

import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.UringException;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.SocketDomain;
import io.uring4j.kernel.flags.SocketType;
import io.uring4j.kernel.structs.SockaddrIn;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;


/**
 * A loopback TCP peer for the network tests: a plain Java server socket whose accepting thread
 * reads what the ring sends; plus ring-side helpers (connect through the ring, bounded waits).
 */
public final class Loopback implements AutoCloseable {
    public static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int LOOPBACK_ADDR = 0x7F00_0001; // 127.0.0.1

    private final ServerSocket server;
    private final ExecutorService peer = Executors.newSingleThreadExecutor(r -> new Thread(r, "loopback-peer"));

    public Loopback() {
        try {
            server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Accepts one connection on the peer thread and reads exactly {@code n} bytes from it. */
    public Future<byte[]> receive(int n) {
        return peer.submit(() -> {
            try (Socket s = server.accept()) {
                s.setSoTimeout((int) TimeUnit.NANOSECONDS.toMillis(WAIT_NANOS));
                InputStream in = s.getInputStream();
                byte[] got = in.readNBytes(n);
                assertEquals(n, got.length, "the peer got the whole stream before EOF");
                return got;
            }
        });
    }

    /** A TCP socket made and connected to the peer through the ring (SOCKET, then CONNECT). */
    public int connect(Ring ring, Arena arena) {
        ring.nextSqe().socket(SocketDomain.INET, SocketType.STREAM).userData(1);
        int fd = complete(ring, 1, "socket");
        MemorySegment addr = arena.allocate(SockaddrIn.LAYOUT);
        SockaddrIn.sinFamily(addr, 0, SocketDomain.INET);
        SockaddrIn.sinPort(addr, 0, Short.reverseBytes((short) server.getLocalPort()));
        SockaddrIn.sinAddr(addr, 0, Integer.reverseBytes(LOOPBACK_ADDR));
        ring.nextSqe().connect(fd, addr).userData(2);
        complete(ring, 2, "connect");
        return fd;
    }

    /** Submits, waits (bounded) for the one completion in flight and returns its non-negative res. */
    public static int complete(Ring ring, long userData, String what) {
        ring.submit();
        await(ring);
        Cqe cqe = ring.peek();
        assertEquals(userData, cqe.userData(), what + ": user_data");
        int res = cqe.res();
        ring.seen();
        return UringException.check(res, what);
    }

    /** Waits at most {@link #WAIT_NANOS} for a completion; fails the test when none comes. */
    public static void await(Ring ring) {
        int r = ring.waitFor(1, WAIT_NANOS);
        assertTrue(r > 0, "no completion within " + TimeUnit.NANOSECONDS.toSeconds(WAIT_NANOS) + " s ("
                + Errno.nameOf(-r) + ")");
        assertNotNull(ring.peek());
    }

    /** Reads every ready completion into user_data -> res, waiting (bounded) until {@code n} arrived. */
    public static java.util.Map<Long, Integer> collect(Ring ring, int n) {
        java.util.Map<Long, Integer> got = new java.util.HashMap<>();
        while (got.size() < n) {
            await(ring);
            ring.drain(c -> got.put(c.userData(), c.res()));
        }
        return got;
    }

    /** A pattern that differs from one byte to the next and never repeats within 251 bytes. */
    public static void fillPattern(MemorySegment s, int seed) {
        for (long i = 0; i < s.byteSize(); i++) {
            s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) ((i + seed) % 251));
        }
    }

    @Override
    public void close() throws IOException {
        peer.shutdownNow();
        server.close();
    }
}
