package io.uring4j.bench.net;

import io.uring4j.CompletionHandler;
import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.RingMessages;
import io.uring4j.RingOptions;
import io.uring4j.Sqe;
import io.uring4j.UringException;
import io.uring4j.buffers.BufferRing;
import io.uring4j.context.DirectUserData;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.Opcode;
import io.uring4j.kernel.flags.ShutdownHow;
import io.uring4j.kernel.flags.SockFlags;
import io.uring4j.kernel.flags.SocketDomain;
import io.uring4j.kernel.flags.SocketLevel;
import io.uring4j.kernel.flags.SocketOption;
import io.uring4j.kernel.flags.SocketType;
import io.uring4j.kernel.flags.SqeFlags;
import io.uring4j.kernel.flags.TcpOption;
import io.uring4j.kernel.structs.SockaddrIn;
import io.uring4j.net.SocketAddresses;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;

/**
 * The uring4j HTTP server's event loop: one ring, owned by the thread that builds this object.
 *
 * <p>Everything goes through the ring: the listening socket is made with SOCKET, SETSOCKOPT
 * (uring_cmd), BIND and LISTEN; one multishot ACCEPT takes connections; each connection has one
 * multishot RECV drawing from a provided-buffer ring ({@link BufferRing}), whose buffers are
 * scanned for request ends and given straight back; the canned responses go out with SEND from
 * a fixed native segment, at most one send in flight per connection; a finished connection is
 * closed with CLOSE. user_data is direct ({@link DirectUserData}): opcode and fd, nothing else,
 * so the hot path allocates nothing. A connection is closed only when its receive has ended and
 * no send is in flight, so no completion for an fd can arrive after that fd was closed and
 * reused. Several loops share a port with SO_REUSEPORT, or one accepts and hands connections to
 * the others with MSG_RING ({@link #handOff}).
 */
final class UringHttpLoop implements CompletionHandler, AutoCloseable {
    private static final int SQ_ENTRIES = 512;
    private static final int CQ_ENTRIES = 4096;
    private static final int BUFFER_GROUP = 1;
    /** Enough for every connection of a 1,024-connection run to have data waiting at once. */
    private static final int BUFFER_COUNT = 1024;
    private static final int BUFFER_SIZE = 2048;
    private static final int BACKLOG = 4096; // somaxconn default: 4,096 connects at once, no SYN retries
    /** Copies of the response in the send segment: a connection can be owed this many in one send. */
    private static final int BATCH = 32;
    private static final int RESPONSE_LENGTH = HttpExchange.RESPONSE_LENGTH;
    private static final int LOOPBACK = 0x7F00_0001;

    private static final int OP_ACCEPT = Opcode.ACCEPT.value();
    private static final int OP_RECV = Opcode.RECV.value();
    private static final int OP_SEND = Opcode.SEND.value();
    private static final int OP_ASYNC_CANCEL = Opcode.ASYNC_CANCEL.value();
    private static final int OP_MSG_RING = Opcode.MSG_RING.value();
    /** MSG_RING user_data kinds (in the buffer-group field): a connection handed over, our send of one, a wake-up. */
    private static final int HANDED = 1, SENT = 2, WAKE = 3;
    private static final int ENOBUFS = Errno.ENOBUFS.value();
    private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final Ring ring;
    private final Arena arena = Arena.ofShared();
    private final BufferRing buffers;
    /** {@link #BATCH} responses back to back; {@code batches[n]} is its first n. */
    private final MemorySegment responses;
    private final MemorySegment[] batches = new MemorySegment[BATCH + 1];
    private final MemorySegment intOne;
    private final ConnectionTable connections = new ConnectionTable();
    private final int listenFd;
    private final int port;
    /** Requests answered (owed a response), for tests that check every thread served some. */
    private long requests;
    private volatile boolean stopping;
    /** Set on the accepting loop of a hand-off server: the loops accepted connections go to. */
    private volatile Handoff handoff;
    /** Set while close() cancels: completions are then only counted, not acted on. */
    private boolean closing;
    private boolean cancelDone;

    /**
     * Opens the ring, the listening socket on 127.0.0.1:{@code port} (0: any free port) and the
     * buffer ring, and arms the multishot accept. Call on the thread that will run {@link #serve()}.
     * With {@code reusePort} the socket sets SO_REUSEPORT before it binds, so that several loops
     * (one per thread) can listen on one port and the kernel spreads connections over them.
     * Without {@code listen} there is no listening socket: the loop serves connections another
     * loop hands it ({@link #handOff}), and {@link #port()} is {@code port}.
     */
    UringHttpLoop(int port, boolean reusePort, boolean listen) {
        this.ring = Ring.open(RingOptions.builder().entries(SQ_ENTRIES).cqEntries(CQ_ENTRIES).registerRingFd().build());
        BufferRing b = null;
        int fd = -1;
        try {
            responses = arena.allocate((long) BATCH * RESPONSE_LENGTH);
            MemorySegment.copy(HttpExchange.responses(BATCH), 0, responses, ValueLayout.JAVA_BYTE, 0,
                    BATCH * RESPONSE_LENGTH);
            for (int n = 1; n <= BATCH; n++) {
                batches[n] = responses.asSlice(0, (long) n * RESPONSE_LENGTH);
            }
            intOne = arena.allocate(ValueLayout.JAVA_INT);
            intOne.set(ValueLayout.JAVA_INT, 0, 1);
            fd = listen ? openListener(port, reusePort) : -1;
            this.listenFd = fd;
            this.port = listen ? ((java.net.InetSocketAddress) SocketAddresses.localAddress(fd)).getPort() : port;
            b = BufferRing.register(ring, BUFFER_GROUP, BUFFER_COUNT, BUFFER_SIZE);
            this.buffers = b;
            if (listen) {
                armAccept();
            }
            ring.submit();
        } catch (RuntimeException | Error e) {
            if (b != null) {
                b.close();
            }
            if (fd >= 0) {
                sqe().close(fd);
                ring.submit();
            }
            ring.close();
            arena.close();
            throw e;
        }
    }

    /** The port the server listens on. */
    int port() {
        return port;
    }

    /** Requests this loop has answered; read it after the loop's thread ended. */
    long requests() {
        return requests;
    }

    /** Asks {@link #serve()} to return after its current wait; any thread. */
    void stop() {
        stopping = true;
    }

    /**
     * From now on, hands accepted connections to {@code peers} in turn (this loop among them) with
     * MSG_RING: the connection's fd travels as the res of a completion posted on the peer's ring.
     */
    void handOff(Handoff peers) {
        handoff = peers;
    }

    /**
     * Runs the loop until {@link #stop()} (which needs a completion, e.g. a connection, to be
     * seen). An accepting hand-off loop then wakes its peers, which have no listener to be woken by.
     */
    void serve() {
        while (!stopping) {
            ring.submitAndWait(1);
            ring.drain(this);
        }
        Handoff peers = handoff;
        if (peers != null) {
            peers.wakeAllBut(this, ring, DirectUserData.pack(OP_MSG_RING, 0, WAKE, 0));
        }
    }

    /** The loop's ring (for a peer posting to it). */
    Ring ring() {
        return ring;
    }

    // ---------------------------------------------------------------- set-up (blocking, once)

    private int openListener(int port, boolean reusePort) {
        sqe().socket(SocketDomain.INET, SocketType.STREAM | SocketType.CLOEXEC);
        int fd = await("socket");
        try {
            sqe().uringCmdSockSetsockopt(fd, SocketLevel.SOL_SOCKET, SocketOption.REUSEADDR, intOne);
            await("setsockopt(SO_REUSEADDR)");
            if (reusePort) {
                sqe().uringCmdSockSetsockopt(fd, SocketLevel.SOL_SOCKET, SocketOption.REUSEPORT, intOne);
                await("setsockopt(SO_REUSEPORT)");
            }
            MemorySegment addr = arena.allocate(SockaddrIn.LAYOUT);
            SockaddrIn.sinFamily(addr, 0, SocketDomain.INET);
            SockaddrIn.sinPort(addr, 0, Short.reverseBytes((short) port)); // network byte order
            SockaddrIn.sinAddr(addr, 0, Integer.reverseBytes(LOOPBACK));
            sqe().bind(fd, addr);
            await("bind(127.0.0.1:" + port + ")");
            sqe().listen(fd, BACKLOG);
            await("listen");
            return fd;
        } catch (RuntimeException e) {
            sqe().close(fd);
            ring.submit();
            throw e;
        }
    }

    /** Submits what is queued, waits for the one completion and returns its result. */
    private int await(String what) {
        ring.submitAndWait(1);
        Cqe cqe = ring.peek();
        int res = cqe.res();
        ring.seen();
        if (res < 0) {
            throw new UringException(what, -res);
        }
        return res;
    }

    // ---------------------------------------------------------------- completions

    @Override
    public void onCompletion(Cqe cqe) {
        long ud = cqe.userData();
        int op = DirectUserData.opcode(ud);
        int res = cqe.res();
        if (closing) {
            if (op == OP_ASYNC_CANCEL) {
                cancelDone = true;
            } else if (op == OP_MSG_RING && DirectUserData.bufferGroup(ud) == HANDED) {
                sqe().close(res); // handed over while we stop: nobody will serve it
            }
            return;
        }
        int fd = DirectUserData.fd(ud);
        if (op == OP_RECV) {
            onRecv(fd, cqe, res);
        } else if (op == OP_SEND) {
            onSend(fd, res);
        } else if (op == OP_ACCEPT) {
            onAccept(res, cqe.isMore());
        } else if (op == OP_MSG_RING) {
            int kind = DirectUserData.bufferGroup(ud);
            if (kind == HANDED || (kind == SENT && res < 0)) {
                adopt(kind == HANDED ? res : fd); // handed to us, or our hand-off failed: serve it here
            }
        }
        // SETSOCKOPT (TCP_NODELAY), SHUTDOWN and CLOSE completions need no action.
    }

    private void onAccept(int res, boolean more) {
        if (res >= 0) {
            Handoff peers = handoff;
            UringHttpLoop peer = peers == null ? this : peers.next();
            if (peer == this || peer.ring.isClosed()) {
                adopt(res); // a peer closes its ring first when the server stops: serve it here
            } else {
                try {
                    RingMessages.post(sqe(), peer.ring, res, DirectUserData.pack(OP_MSG_RING, 0, HANDED, res))
                            .userData(DirectUserData.pack(OP_MSG_RING, 0, SENT, res));
                } catch (IllegalArgumentException peerClosedMeanwhile) {
                    adopt(res);
                }
            }
        } else if (!stopping) {
            System.err.println("uring4j server: accept failed: " + Errno.nameOf(-res));
        }
        if (!more && !stopping) {
            armAccept();
        }
    }

    /** Starts serving an accepted connection. */
    private void adopt(int fd) {
        connections.open(fd);
        sqe().uringCmdSockSetsockopt(fd, SocketLevel.IPPROTO_TCP, TcpOption.NODELAY, intOne)
                .userData(DirectUserData.pack(Opcode.URING_CMD.value(), 0, 0, fd));
        armRecv(fd);
    }

    private void onRecv(int fd, Cqe cqe, int res) {
        if (cqe.isBuffer()) {
            int bid = cqe.bufferId();
            int start = buffers.consume(cqe);
            if (res > 0) {
                scan(fd, buffers.buffer(bid), start, res);
            }
            buffers.recycle(bid);
        }
        if (cqe.isMore()) {
            return;
        }
        if (res > 0 || res == -ENOBUFS) {
            armRecv(fd); // the kernel ended the multishot, the connection did not
            return;
        }
        if (res < 0) {
            connections.abandon(fd); // reset or failed: nobody reads what is owed
        }
        connections.markReadDone(fd);
        closeIfDone(fd);
    }

    /** Counts the requests that end in these bytes and sends their responses. */
    private void scan(int fd, MemorySegment buffer, int start, int length) {
        int state = connections.scanState(fd);
        int requests = 0;
        for (long i = start, end = (long) start + length; i < end; i++) {
            state = RequestScanner.next(state, buffer.get(ValueLayout.JAVA_BYTE, i));
            if (state == RequestScanner.COMPLETE) {
                requests++;
                state = RequestScanner.START;
            }
        }
        connections.scanState(fd, state);
        if (requests > 0) {
            this.requests += requests;
            connections.owe(fd, requests * RESPONSE_LENGTH);
            sendIfIdle(fd);
        }
    }

    private void sendIfIdle(int fd) {
        int owed = connections.owed(fd);
        if (owed == 0 || connections.inFlight(fd) != 0) {
            return;
        }
        int offset = connections.offset(fd);
        int length = Math.min(owed, BATCH * RESPONSE_LENGTH - offset);
        MemorySegment bytes = offset == 0 && length % RESPONSE_LENGTH == 0
                ? batches[length / RESPONSE_LENGTH]
                : responses.asSlice(offset, length); // only after a short send: allocates
        sqe().send(fd, bytes).userData(DirectUserData.pack(OP_SEND, 0, 0, fd));
        connections.sending(fd, length);
    }

    private void onSend(int fd, int res) {
        if (res <= 0) {
            connections.sendFailed(fd);
            if (!connections.isReadDone(fd)) {
                // Ends the receive too (it completes with end of stream), which then closes.
                sqe().shutdown(fd, ShutdownHow.RDWR).userData(DirectUserData.pack(Opcode.SHUTDOWN.value(), 0, 0, fd));
                return;
            }
        } else {
            connections.sent(fd, res, RESPONSE_LENGTH);
            sendIfIdle(fd);
        }
        closeIfDone(fd);
    }

    private void closeIfDone(int fd) {
        if (connections.isIdleAfterRead(fd)) {
            connections.release(fd);
            sqe().close(fd).userData(DirectUserData.pack(Opcode.CLOSE.value(), 0, 0, fd));
        }
    }

    // ---------------------------------------------------------------- submission helpers

    private void armAccept() {
        sqe().acceptMultishot(listenFd, null, null, SockFlags.CLOEXEC, 0)
                .userData(DirectUserData.pack(OP_ACCEPT, 0, 0, listenFd));
    }

    private void armRecv(int fd) {
        sqe().recvMultishot(fd, BUFFER_GROUP).userData(DirectUserData.pack(OP_RECV, SqeFlags.BUFFER_SELECT, BUFFER_GROUP, fd));
    }

    /** The next SQE; {@link Ring#nextSqe()} submits first when the SQ is full. */
    private Sqe sqe() {
        return ring.nextSqe();
    }

    // ---------------------------------------------------------------- shutdown

    /**
     * Cancels every request (so the kernel writes no buffer after it is freed), closes the
     * connections and the listening socket, then the buffer ring and the ring. On the owner thread.
     */
    @Override
    public void close() {
        closing = true;
        try {
            sqe().asyncCancelAny().userData(DirectUserData.pack(OP_ASYNC_CANCEL, 0, 0, -1));
            long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
            while (!cancelDone && System.nanoTime() < deadline) {
                ring.submit();
                ring.waitFor(1, CLOSE_WAIT_NANOS);
                ring.drain(this);
            }
            int[] fds = new int[connections.openCount()];
            int n = connections.openFds(fds);
            for (int i = 0; i < n; i++) {
                sqe().close(fds[i]);
            }
            if (listenFd >= 0) {
                sqe().close(listenFd);
            }
            ring.submit(); // CLOSE runs inline at submission
        } finally {
            buffers.close();
            ring.close();
            arena.close();
        }
    }
}
