package io.uring4j.multishot;

import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.RingOptions;
import io.uring4j.Sqe;
import io.uring4j.buffers.BufferRing;
import io.uring4j.context.DirectUserData;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.Opcode;
import io.uring4j.testsupport.MultishotLoop;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;


/**
 * A loopback TCP echo server on the ring: the listener chain, multishot accept, multishot recv
 * into a provided-buffer ring, and one send at a time per connection, the buffer recycled when
 * its bytes are sent. 100 clients (plain java.net.Socket threads) send 100 messages each, of
 * random sizes up to 64 KiB (fixed seed), and check every echoed byte. The buffer ring (1 MiB) is
 * smaller than the data the clients can have in flight, so under load receives stop with ENOBUFS
 * and are re-armed when a send gives a buffer back.
 */
class MultishotEchoServerTest {
    private static final int CLIENTS = 100;
    private static final int MESSAGES = 100;
    private static final int MAX_MESSAGE = 64 * 1024;
    private static final long SEED = 0x5EED_2026L;
    private static final int GROUP = 4;
    private static final int BUFFERS = 64;
    private static final int BUFFER_SIZE = 16 * 1024;
    private static final long DEADLINE_MILLIS = 60_000;

    /** One accepted connection: its receive subscription and the chunks waiting to be echoed. */
    static final class Conn {
        final int fd;
        Multishot recv;
        final ArrayDeque<int[]> pending = new ArrayDeque<>();
        int sendBid = -1;
        int sendOff;
        int sendLen;
        boolean eof;
        boolean closing;
        boolean closed;
        long bytesIn;
        long bytesOut;

        Conn(int fd) {
            this.fd = fd;
        }
    }

    private Ring ring;
    private Multishots multishots;
    private BufferRing buffers;
    private final Map<Integer, Conn> conns = new HashMap<>();
    private final List<Conn> waitingForBuffers = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private int closedConns;
    private long recvResults;
    private long noBufferEnds;
    private long rearms;

    /** An SQE, submitting first when the SQ is full (handlers may submit). */
    private Sqe sqe() {
        Sqe s = ring.nextSqe();
        if (s == null) {
            ring.submit();
            s = ring.nextSqe();
        }
        return s;
    }

    private void ensureSqSpace() {
        if (ring.sqSpaceLeft() == 0) {
            ring.submit();
        }
    }

    private final MultishotHandler echo = new MultishotHandler() {
        @Override
        public void onCompletion(Multishot sub, Cqe cqe) {
            Conn c = (Conn) sub.attachment();
            if (!cqe.isBuffer()) {
                errors.add("fd " + c.fd + ": a result without a buffer, res " + cqe.res());
                return;
            }
            int bid = cqe.bufferId();
            buffers.consume(cqe);
            c.pending.add(new int[] {bid, cqe.res()});
            c.bytesIn += cqe.res();
            recvResults++;
            if (c.sendBid < 0) {
                sendNext(c);
            }
        }

        @Override
        public void onEnd(Multishot sub, MultishotEnd end, int res) {
            Conn c = (Conn) sub.attachment();
            switch (end) {
                case NO_BUFFERS -> {
                    noBufferEnds++;
                    waitingForBuffers.add(c);
                }
                case COMPLETED -> rearm(c);
                case END_OF_STREAM -> {
                    c.eof = true;
                    closeIfDone(c);
                }
                default -> errors.add("fd " + c.fd + ": receive ended " + end + " " + Errno.nameOf(-res));
            }
        }
    };

    private void rearm(Conn c) {
        ensureSqSpace();
        c.recv = c.recv.rearm();
        rearms++;
    }

    private void sendNext(Conn c) {
        int[] chunk = c.pending.poll();
        if (chunk == null) {
            closeIfDone(c);
            return;
        }
        c.sendBid = chunk[0];
        c.sendOff = 0;
        c.sendLen = chunk[1];
        send(c);
    }

    private void send(Conn c) {
        sqe().send(c.fd, buffers.buffer(c.sendBid).asSlice(c.sendOff, c.sendLen - c.sendOff))
                .userData(DirectUserData.pack(Opcode.SEND, 0, 0, c.fd));
    }

    private void closeIfDone(Conn c) {
        if (c.eof && !c.closing && c.sendBid < 0 && c.pending.isEmpty()) {
            c.closing = true;
            sqe().close(c.fd).userData(DirectUserData.pack(Opcode.CLOSE, 0, 0, c.fd));
        }
    }

    /** Completions of the test's own requests (direct user_data): sends and closes. */
    private void onOwnCompletion(Cqe cqe) {
        long ud = cqe.userData();
        assertTrue(DirectUserData.isDirect(ud), "only direct values are left to the caller");
        Conn c = conns.get(DirectUserData.fd(ud));
        int res = cqe.res();
        if (DirectUserData.opcode(ud) == Opcode.SEND.value()) {
            if (res <= 0) {
                errors.add("fd " + c.fd + ": send " + Errno.nameOf(-res));
                return;
            }
            c.sendOff += res;
            c.bytesOut += res;
            if (c.sendOff < c.sendLen) {
                send(c); // a short send: the rest goes next, still in order
                return;
            }
            buffers.recycle(c.sendBid);
            c.sendBid = -1;
            if (!waitingForBuffers.isEmpty()) {
                List<Conn> again = new ArrayList<>(waitingForBuffers);
                waitingForBuffers.clear();
                for (Conn w : again) {
                    rearm(w);
                }
            }
            sendNext(c);
        } else {
            assertEquals(Opcode.CLOSE.value(), DirectUserData.opcode(ud));
            if (res != 0) {
                errors.add("fd " + c.fd + ": close " + Errno.nameOf(-res));
            }
            c.closed = true;
            closedConns++;
        }
    }

    private final ListenerHandler onConnection = new ListenerHandler() {
        @Override
        public void onCompletion(Multishot accept, Cqe cqe) {
            int fd = cqe.res();
            if (fd < 0) {
                errors.add("accept " + Errno.nameOf(-fd));
                return;
            }
            Conn c = new Conn(fd);
            conns.put(fd, c);
            ensureSqSpace();
            c.recv = multishots.recv(fd, GROUP, echo);
            c.recv.attach(c);
        }

        @Override
        public void onEnd(Multishot accept, MultishotEnd end, int res) {
            if (end != MultishotEnd.CANCELLED) {
                errors.add("accept ended " + end + " " + Errno.nameOf(-res));
            }
        }

        @Override
        public void onFailed(Listener listener, ListenerState step, int res) {
            // The test retries a bind race; anything else fails below.
        }
    };

    /** The message sizes client {@code id} sends, from the fixed seed. */
    private static int[] sizes(int id) {
        Random r = new Random(SEED + id);
        int[] s = new int[MESSAGES];
        for (int i = 0; i < MESSAGES; i++) {
            s[i] = 1 + r.nextInt(MAX_MESSAGE);
        }
        return s;
    }

    /** One client: connect, then send each message and read its echo back, byte for byte. */
    private static long client(InetSocketAddress server, int id) throws IOException {
        int[] sizes = sizes(id);
        Random content = new Random(SEED * 31 + id);
        long total = 0;
        try (Socket s = new Socket()) {
            s.connect(server, 10_000);
            s.setSoTimeout(20_000);
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());
            for (int m = 0; m < MESSAGES; m++) {
                byte[] msg = new byte[sizes[m]];
                content.nextBytes(msg);
                out.write(msg);
                byte[] back = new byte[msg.length];
                in.readFully(back);
                assertArrayEquals(msg, back, "client " + id + ", message " + m + " (" + msg.length + " bytes)");
                total += msg.length;
            }
        }
        return total;
    }

    @Test
    void echoesEveryByteToAHundredClients() throws Exception {
        long expectedBytes = 0;
        for (int id = 0; id < CLIENTS; id++) {
            for (int size : sizes(id)) {
                expectedBytes += size;
            }
        }
        RingOptions options = RingOptions.builder().entries(256).cqEntries(4096).build();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS, r -> {
            Thread t = new Thread(r, "echo-client");
            t.setDaemon(true);
            return t;
        });
        try (Ring r = Ring.open(options); BufferRing b = BufferRing.register(r, GROUP, BUFFERS, BUFFER_SIZE)) {
            ring = r;
            buffers = b;
            multishots = new Multishots(ring, 2 * CLIENTS);
            MultishotLoop loop = new MultishotLoop(ring, multishots).other(this::onOwnCompletion);

            InetAddress lo = InetAddress.getByName("127.0.0.1");
            Listener listener = null;
            InetSocketAddress address = null;
            for (int attempt = 0; attempt < 5 && (listener == null || listener.state() != ListenerState.LISTENING);
                    attempt++) {
                try (ServerSocket probe = new ServerSocket(0, 1, lo)) {
                    address = new InetSocketAddress(lo, probe.getLocalPort());
                }
                Listener l = Listener.open(multishots, address, CLIENTS, false, onConnection);
                loop.until(() -> !l.state().isSetupStep(), 5_000, "listener setup");
                listener = l;
            }
            assertEquals(ListenerState.LISTENING, listener.state(), listener.toString());

            AtomicInteger finished = new AtomicInteger();
            List<Future<Long>> clients = new ArrayList<>();
            InetSocketAddress target = address;
            long start = System.nanoTime();
            for (int id = 0; id < CLIENTS; id++) {
                int client = id;
                clients.add(pool.submit(() -> {
                    try {
                        return client(target, client);
                    } finally {
                        finished.incrementAndGet();
                    }
                }));
            }
            loop.until(() -> !errors.isEmpty() || (finished.get() == CLIENTS && closedConns == conns.size()),
                    DEADLINE_MILLIS, () -> "clients: " + finished.get() + " finished, " + closedConns + " of "
                            + conns.size() + " connections closed, errors " + errors);
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(List.of(), errors, "server-side errors");

            long clientBytes = 0;
            for (Future<Long> f : clients) {
                clientBytes += f.get(1, TimeUnit.SECONDS); // rethrows a client's assertion failure
            }
            assertEquals(expectedBytes, clientBytes, "every message came back whole");
            assertEquals(CLIENTS, conns.size(), "one accepted connection per client");
            long in = 0;
            long out = 0;
            for (Conn c : conns.values()) {
                assertTrue(c.closed && c.recv.isRetired(), "connection " + c.fd + " finished");
                assertEquals(MultishotEnd.END_OF_STREAM, c.recv.end());
                in += c.bytesIn;
                out += c.bytesOut;
            }
            assertEquals(expectedBytes, in, "bytes received by the ring");
            assertEquals(expectedBytes, out, "bytes sent back by the ring");
            assertTrue(recvResults > BUFFERS, recvResults + " receives into " + BUFFERS + " buffers: buffers were reused");
            for (int bid = 0; bid < BUFFERS; bid++) {
                assertFalse(buffers.isHeld(bid), "buffer " + bid + " recycled");
            }

            Listener l = listener;
            l.close();
            loop.until(() -> l.state().isFinal(), 5_000, "listener close");
            assertEquals(ListenerState.CLOSED, l.state());
            assertEquals(0, multishots.live());
            assertEquals(0, multishots.pool().inUse(), "every token is back");
            assertEquals(0, multishots.pool().staleSeen());
            System.out.printf("echo: %d clients x %d messages, %d MiB each way in %d ms; %d receives, %d ENOBUFS"
                    + " ends, %d re-arms%n", CLIENTS, MESSAGES, expectedBytes >> 20, elapsedMillis, recvResults,
                    noBufferEnds, rearms);
        } finally {
            pool.shutdownNow();
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                fail("client threads did not stop");
            }
        }
    }
}
