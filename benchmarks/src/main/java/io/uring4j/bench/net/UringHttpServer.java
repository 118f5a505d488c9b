package io.uring4j.bench.net;

/**
 * The uring4j HTTP "hello" server: {@link UringHttpLoop} on one platform thread, which owns the
 * (single-issuer) ring.
 */
public final class UringHttpServer extends ThreadHttpServer {
    private UringHttpServer(ServerThread thread) {
        super(thread);
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

    /** The server thread (for tests that measure what it allocates). */
    Thread thread() {
        return thread.thread();
    }
}
