package io.uring4j.examples;

import io.uring4j.CompletionHandler;
import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.buffers.BufferRing;
import io.uring4j.kernel.flags.SqeFlags;
import io.uring4j.multishot.*;
import io.uring4j.net.SendQueue;
import java.net.InetSocketAddress;
import java.util.function.BooleanSupplier;

/**
 * A TCP echo server: a {@link Listener} with TCP_NODELAY accepts (multishot), each connection
 * receives (multishot) into a buffer ring, every received buffer goes back out through the
 * connection's {@link SendQueue} (in order) and returns to the ring once sent; receives that ran
 * out of buffers are re-armed by {@link NoBuffersRearm} once a quarter of them is back.
 */
public final class EchoServer implements ListenerHandler {
    private static final long CLOSE = 1L << 32; // user_data of a close: this bit and the fd
    private final Ring ring = Ring.open(256);
    private final Multishots multishots = new Multishots(ring, 1024);
    private final BufferRing buffers = BufferRing.register(ring, 1, 128, 16 * 1024);
    private final NoBuffersRearm rearm = NoBuffersRearm.quarterOf(buffers, 1024);
    private final SendQueue[] queues = new SendQueue[65536];     // by fd
    private final Listener listener;

    public EchoServer(InetSocketAddress address) {
        listener = Listener.open(multishots, address, 512, false, ListenerOptions.TCP_NODELAY, this);
        loop(() -> listener.state() == ListenerState.LISTENING || listener.state().isFinal());
    }

    public void onCompletion(Multishot accept, Cqe cqe) {      // a new connection
        int fd = cqe.res();
        queues[fd] = new SendQueue(ring, fd, false, buffers.bufferCount(), fd, this::sent); // user_data: the fd
        multishots.recv(fd, buffers.groupId(), receive);
    }

    private final MultishotHandler receive = new MultishotHandler() {
        public void onCompletion(Multishot sub, Cqe cqe) {
            int bid = cqe.bufferId(), at = buffers.consume(cqe);   // the buffer is ours until recycled
            queues[sub.fd()].offer(buffers.buffer(bid).asSlice(at, cqe.res()), bid);
        }

        public void onEnd(Multishot sub, MultishotEnd end, int res) {
            if (end == MultishotEnd.NO_BUFFERS) rearm.park(sub);
            else if (end == MultishotEnd.COMPLETED) sub.rearm();
            else if (queues[sub.fd()].size() == 0) close(sub.fd());  // peer gone; else closed after the last send
            else queues[sub.fd()].attach(end);
        }
    };

    private void sent(SendQueue queue, int bid, int res) {
        buffers.recycle(bid);
        rearm.recycled(1);
        if (queue.size() == 0 && queue.attachment() != null) close(queue.fd());
    }

    private void close(int fd) {
        queues[fd] = null;   // nothing of this connection is in flight any more
        ring.nextSqe().close(fd).flags(SqeFlags.CQE_SKIP_SUCCESS).userData(CLOSE | fd);
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

    private final CompletionHandler route = cqe -> {
        if (multishots.dispatch(cqe) == DispatchResult.NOT_OURS && cqe.userData() < CLOSE) {
            queues[(int) cqe.userData()].complete(cqe.res());
        }
    };

    public int port() { return ((InetSocketAddress) listener.boundAddress()).getPort(); }

    public void onFailed(Listener l, ListenerState step, int res) { throw new IllegalStateException(step + ": " + res); }

    public void onEnd(Multishot accept, MultishotEnd end, int res) { if (end.canRearm()) listener.rearmAccept(); }
}
