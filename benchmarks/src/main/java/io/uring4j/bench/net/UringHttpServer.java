package io.uring4j.bench.net;

/**
 * The uring4j HTTP "hello" server: one {@link UringHttpLoop} per platform thread, each owning its
 * own (single-issuer) ring and its own listening socket on the shared port (SO_REUSEPORT when
 * there are several threads), so the kernel spreads connections over the rings and no request
 * ever crosses threads.
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
     * Starts the server with {@code threads} rings on as many threads on 127.0.0.1:{@code port}
     * (0: any free port); returns once every thread listens.
     *
     * @throws IllegalArgumentException when threads is not positive
     */
    public static UringHttpServer start(int port, int threads) {
        return new UringHttpServer(ServerThreads.start("uring4j-http", threads, port, (p, reusePort) ->
                new ServerThread.Body() {
                    private UringHttpLoop loop;

                    @Override
                    public int open() {
                        loop = new UringHttpLoop(p, reusePort);
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
                }));
    }

    /** The first server thread (for tests that measure what it allocates). */
    Thread thread() {
        return threads.firstThread();
    }
}
