package io.uring4j.bench.net;

import java.util.List;

/**
 * One of the benchmark's HTTP "hello" servers: one server thread on 127.0.0.1, keep-alive,
 * answering every request with {@link HttpExchange#RESPONSE}.
 */
public interface HttpServer extends AutoCloseable {
    /** The implementation names, as the benchmark rows spell them. */
    List<String> IMPLEMENTATIONS = List.of("uring4j", "netty-io_uring", "netty-epoll", "nio");

    /** The port it listens on. */
    int port();

    /**
     * Blocks until the server stops by itself, which only a failure makes it do.
     *
     * @throws IllegalStateException with the failure as the cause
     */
    void awaitFailure() throws InterruptedException;

    /**
     * Stops the server thread and releases its sockets; waits for the thread.
     *
     * @throws IllegalStateException when the server thread failed (the failure is the cause)
     */
    @Override
    void close();

    /**
     * Starts the server named {@code implementation} (one of {@link #IMPLEMENTATIONS}) on
     * 127.0.0.1:{@code port} (0: any free port) and returns once it listens.
     */
    static HttpServer start(String implementation, int port) {
        return switch (implementation) {
            case "uring4j" -> UringHttpServer.start(port);
            case "netty-io_uring" -> NettyHttpServer.start(NettyHttpServer.Transport.IO_URING, port);
            case "netty-epoll" -> NettyHttpServer.start(NettyHttpServer.Transport.EPOLL, port);
            case "nio" -> NioHttpServer.start(port);
            default -> throw new IllegalArgumentException("implementation must be one of " + IMPLEMENTATIONS
                    + "; was '" + implementation + "'");
        };
    }
}
