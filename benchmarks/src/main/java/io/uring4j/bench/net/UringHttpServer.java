package io.uring4j.bench.net;

import java.util.Arrays;

/**
 * The uring4j HTTP "hello" server: one {@link UringHttpLoop} per platform thread, each owning its
 * own (single-issuer) ring. Two ways to spread connections over the rings:
 * <ul>
 * <li>{@link #start(int, int)}: every loop has its own listening socket on the shared port
 *     (SO_REUSEPORT when there are several threads), the kernel picks one per connection, and no
 *     request ever crosses threads;</li>
 * <li>{@link #startHandoff(int, int)}: loop 0 alone listens and deals the accepted connections
 *     round-robin to all loops (itself included), each one's fd sent with MSG_RING as the res of a
 *     completion on the receiving ring.</li>
 * </ul>
 */
public final class UringHttpServer extends ThreadHttpServer {
    private UringHttpServer(ServerThreads threads) {
        super(threads);
    }

    /** Starts a one-thread server on 127.0.0.1:{@code port} (0: any free port); returns once it listens. */
    public static UringHttpServer start(int port) {
        return start(port, 1);
    }

    /**
     * Starts the server with {@code threads} rings on as many threads, each listening on
     * 127.0.0.1:{@code port} (0: any free port) with SO_REUSEPORT; returns once every thread listens.
     *
     * @throws IllegalArgumentException when threads is not positive
     */
    public static UringHttpServer start(int port, int threads) {
        return new UringHttpServer(ServerThreads.start("uring4j-http", threads, port,
                (i, p, reusePort) -> new LoopBody(p, reusePort, true)));
    }

    /**
     * Starts the server with {@code threads} rings on as many threads, thread 0 listening on
     * 127.0.0.1:{@code port} (0: any free port) and handing connections to all with MSG_RING;
     * returns once it listens.
     *
     * @throws IllegalArgumentException when threads is not positive
     */
    public static UringHttpServer startHandoff(int port, int threads) {
        LoopBody[] bodies = new LoopBody[Math.max(threads, 0)];
        ServerThreads started = ServerThreads.start("uring4j-http", threads, port,
                (i, p, reusePort) -> bodies[i] = new LoopBody(p, false, i == 0));
        // Each loop was built on its thread before that thread reported the port: visible here.
        bodies[0].loop.handOff(new Handoff(Arrays.stream(bodies).map(b -> b.loop).toList()));
        return new UringHttpServer(started);
    }

    /** The first server thread (for tests that measure what it allocates). */
    Thread thread() {
        return threads.firstThread();
    }

    /** One thread's loop. */
    private static final class LoopBody implements ServerThread.Body {
        private final int port;
        private final boolean reusePort;
        private final boolean listen;
        private UringHttpLoop loop;

        LoopBody(int port, boolean reusePort, boolean listen) {
            this.port = port;
            this.reusePort = reusePort;
            this.listen = listen;
        }

        @Override
        public int open() {
            loop = new UringHttpLoop(port, reusePort, listen);
            return loop.port();
        }

        @Override
        public void serve() {
            loop.serve();
        }

        @Override
        public void requestStop() {
            loop.stop();
        }

        @Override
        public void release() {
            loop.close();
        }

        @Override
        public long served() {
            return loop == null ? 0 : loop.requests();
        }
    }
}
