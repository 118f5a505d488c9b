package io.uring4j.bench.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The plain Java NIO HTTP "hello" server: per thread one {@link Selector} and one listening
 * channel on the shared port (SO_REUSEPORT when there are several threads), non-blocking
 * channels. Reads go into one shared direct buffer and are scanned with {@link RequestScanner};
 * responses are written from one shared direct buffer of canned responses. Per connection it
 * allocates one small state object; per request nothing.
 */
public final class NioHttpServer extends ThreadHttpServer {
    private static final int BATCH = 32;
    private static final int RESPONSE_LENGTH = HttpExchange.RESPONSE_LENGTH;
    private static final int READ_BUFFER = 16 * 1024;
    private static final int BACKLOG = 4096; // somaxconn default: 4,096 connects at once, no SYN retries

    private NioHttpServer(ServerThreads threads) {
        super(threads);
    }

    /**
     * Starts the server with {@code threads} selector threads on 127.0.0.1:{@code port} (0: any
     * free port); returns once every thread listens.
     */
    public static NioHttpServer start(int port, int threads) {
        return new NioHttpServer(ServerThreads.start("nio-http", threads, port, (i, p, reuse) -> new Loop(p, reuse)));
    }


    /** What a connection is owed, like the uring4j server's ConnectionTable row. */
    private static final class Connection {
        int scan = RequestScanner.START;
        /** Response bytes not yet written. */
        int owed;
        /** Offset in the canned response of the next byte to write. */
        int offset;
        boolean readDone;
    }

    private static final class Loop implements ServerThread.Body {
        private final int requestedPort;
        private final boolean reusePort;
        private long requests;
        private final ByteBuffer in = ByteBuffer.allocateDirect(READ_BUFFER);
        private final ByteBuffer out = ByteBuffer.allocateDirect(BATCH * RESPONSE_LENGTH);
        private Selector selector;
        private ServerSocketChannel listener;
        private volatile boolean stopping;

        Loop(int port, boolean reusePort) {
            this.requestedPort = port;
            this.reusePort = reusePort;
            out.put(HttpExchange.responses(BATCH)).clear();
        }

        @Override
        public int open() throws IOException {
            selector = Selector.open();
            listener = ServerSocketChannel.open();
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (reusePort) {
                listener.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), BACKLOG);
            listener.configureBlocking(false);
            listener.register(selector, SelectionKey.OP_ACCEPT);
            return ((InetSocketAddress) listener.getLocalAddress()).getPort();
        }

        @Override
        public void serve() throws IOException {
            while (!stopping) {
                selector.select(this::handle);
            }
        }

        @Override
        public void requestStop() {
            stopping = true;
            selector.wakeup();
        }

        @Override
        public long served() {
            return requests;
        }

        @Override
        public void release() throws IOException {
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            selector.close();
        }

        private void handle(SelectionKey key) {
            try {
                if (key.isAcceptable()) {
                    accept();
                    return;
                }
                SocketChannel channel = (SocketChannel) key.channel();
                Connection c = (Connection) key.attachment();
                if (key.isReadable()) {
                    read(channel, c);
                }
                if (c.owed > 0) {
                    write(channel, c);
                }
                if (c.readDone && c.owed == 0) {
                    channel.close();
                } else {
                    key.interestOps(c.owed > 0 ? SelectionKey.OP_WRITE
                            : c.readDone ? 0 : SelectionKey.OP_READ);
                }
            } catch (IOException e) {
                // Reset or broken pipe: the peer is gone.
                closeQuietly(key);
            }
        }

        private void accept() throws IOException {
            SocketChannel channel;
            while ((channel = listener.accept()) != null) {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.register(selector, SelectionKey.OP_READ, new Connection());
            }
        }

        private void read(SocketChannel channel, Connection c) throws IOException {
            in.clear();
            int n = channel.read(in);
            if (n < 0) {
                c.readDone = true;
                return;
            }
            int state = c.scan;
            int requests = 0;
            for (int i = 0; i < n; i++) {
                state = RequestScanner.next(state, in.get(i));
                if (state == RequestScanner.COMPLETE) {
                    requests++;
                    state = RequestScanner.START;
                }
            }
            c.scan = state;
            this.requests += requests;
            c.owed += requests * RESPONSE_LENGTH;
        }

        private void write(SocketChannel channel, Connection c) throws IOException {
            while (c.owed > 0) {
                int length = Math.min(c.owed, out.capacity() - c.offset);
                out.limit(c.offset + length).position(c.offset);
                int written = channel.write(out);
                c.owed -= written;
                c.offset = (c.offset + written) % RESPONSE_LENGTH;
                if (written < length) {
                    return; // the socket buffer is full: wait for OP_WRITE
                }
            }
        }

        private static void closeQuietly(SelectionKey key) {
            try {
                key.channel().close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
