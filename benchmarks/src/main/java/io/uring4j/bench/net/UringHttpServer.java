package io.uring4j.bench.net;

/**
 * The uring4j HTTP "hello" server: {@link UringHttpLoop} on one platform thread, which owns the
 * (single-issuer) ring.
 */
public final class UringHttpServer implements HttpServer {
    private final ServerThread thread;

    private UringHttpServer(ServerThread thread) {
        this.thread = thread;
    }

    /** Starts the server on 127.0.0.1:{@code port} (0: any free port); returns once it listens. */
    public static UringHttpServer start(int port) {
        return new UringHttpServer(ServerThread.start("uring4j-http", new ServerThread.Body() {
            private UringHttpLoop loop;

            @Override
            public int open() {
                loop = new UringHttpLoop(port);
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
        }));
    }

    @Override
    public int port() {
        return thread.port();
    }

    /** The server thread (for tests that measure what it allocates). */
    Thread thread() {
        return thread.thread();
    }

    @Override
    public void awaitFailure() throws InterruptedException {
        thread.join();
        throw new IllegalStateException("the server thread ended");
    }

    @Override
    public void close() {
        thread.stop();
    }
}
