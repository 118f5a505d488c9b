package io.uring4j.examples;

import io.uring4j.CompletionHandler;
import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.buffers.BufferRing;
import io.uring4j.kernel.flags.SqeFlags;
import io.uring4j.multishot.*;
import io.uring4j.net.SendQueue;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * A hello-world HTTP/1.1 server (keep-alive and pipelining): the {@link EchoServer}'s shape, but
 * each received buffer is scanned for the blank line that ends a request and given back at once;
 * every request gets the same response, sent in order through the connection's {@link SendQueue}.
 */
public final class HttpServer implements ListenerHandler {
    private static final long CLOSE = 1L << 32; // user_data of a close: this bit and the fd
    private static final int END = 0x0D0A0D0A;  // "\r\n\r\n" as the last four bytes seen, big-endian
    private final Ring ring = Ring.open(256);
    private final Multishots multishots = new Multishots(ring, 1024);
    private final BufferRing buffers = BufferRing.register(ring, 1, 128, 16 * 1024);
    private final NoBuffersRearm rearm = NoBuffersRearm.quarterOf(buffers, 1024);
    private final SendQueue[] queues = new SendQueue[65536]; // by fd
    private final int[] lastBytes = new int[65536];         // by fd: the last four request bytes
    private final MemorySegment response = Arena.ofAuto().allocateFrom(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\nHello, World!",
            StandardCharsets.US_ASCII).asSlice(0, 78);
    private final CompletionHandler route = this::route;
    private final Listener listener;

    public HttpServer(InetSocketAddress address) {
        listener = Listener.open(multishots, address, 512, false, ListenerOptions.TCP_NODELAY, this);
        loop(() -> listener.state() == ListenerState.LISTENING || listener.state().isFinal());
    }

    @Override
    public void onCompletion(Multishot accept, Cqe cqe) {
        int fd = cqe.res();
        queues[fd] = new SendQueue(ring, fd, false, 1024, fd, (q, tag, res) -> closeIfDone(q));
        lastBytes[fd] = 0;
        multishots.recv(fd, buffers.groupId(), receive);
    }

    private final MultishotHandler receive = new MultishotHandler() {
        @Override
        public void onCompletion(Multishot sub, Cqe cqe) {
            int fd = sub.fd();
            int bid = cqe.bufferId();
            buffers.consume(cqe);
            MemorySegment bytes = buffers.buffer(bid);
            int last = lastBytes[fd];
            for (int i = 0; i < cqe.res(); i++) {
                last = last << 8 | (bytes.get(ValueLayout.JAVA_BYTE, i) & 0xFF);
                if (last == END && !queues[fd].offer(response, 0)) {
                    sub.cancel(); // 1024 responses queued: a client that does not read is dropped
                }
            }
            lastBytes[fd] = last;
            buffers.recycle(bid);
            rearm.recycled(1);
        }

        @Override
        public void onEnd(Multishot sub, MultishotEnd end, int res) {
            if (end == MultishotEnd.NO_BUFFERS) {
                rearm.park(sub);
            } else if (end == MultishotEnd.COMPLETED) {
                sub.rearm();
            } else {
                queues[sub.fd()].attach(end); // closed once the last response is out
                closeIfDone(queues[sub.fd()]);
            }
        }
    };

    private void closeIfDone(SendQueue queue) {
        if (queue.size() == 0 && queue.attachment() != null && queues[queue.fd()] == queue) {
            queues[queue.fd()] = null;
            ring.nextSqe().close(queue.fd()).flags(SqeFlags.CQE_SKIP_SUCCESS).userData(CLOSE | queue.fd());
        }
    }

    /** Serves until {@code stop} says so, then closes the listener and the ring. */
    public void serve(BooleanSupplier stop) {
        loop(stop);
        listener.close();
        loop(() -> listener.state().isFinal());
        ring.close();
    }

    private void loop(BooleanSupplier done) {
        while (!done.getAsBoolean()) {
            ring.submit();
            ring.waitFor(1, 100_000_000L);
            ring.drain(route);
        }
    }

    private void route(Cqe cqe) {
        if (multishots.dispatch(cqe) == DispatchResult.NOT_OURS && cqe.userData() < CLOSE) {
            queues[(int) cqe.userData()].complete(cqe.res());
        }
    }

    /** {@return the port it listens on} */
    public int port() {
        return ((InetSocketAddress) listener.boundAddress()).getPort();
    }

    @Override
    public void onFailed(Listener l, ListenerState step, int res) {
        throw new IllegalStateException("listener " + step + " failed: " + io.uring4j.kernel.Errno.nameOf(-res));
    }

    @Override
    public void onEnd(Multishot accept, MultishotEnd end, int res) {
        if (end.canRearm()) {
            listener.rearmAccept();
        }
    }
}
