package io.uring4j.bench.net;

import java.util.List;

/**
 * One of the benchmark's HTTP "hello" servers: N server threads on 127.0.0.1, keep-alive,
 * answering every request with {@link HttpExchange#RESPONSE}.
 */
public interface HttpServer extends AutoCloseable {
    /** The implementation names, as the benchmark rows spell them. */
    List<String> IMPLEMENTATIONS = List.of("uring4j", "uring4j-msgring", "netty-io_uring", "netty-epoll", "nio");

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

    /** {@link #start(String, int, int)} with one server thread. */
    static HttpServer start(String implementation, int port) {
        return start(implementation, port, 1);
    }

    /**
     * Starts the server named {@code implementation} (one of {@link #IMPLEMENTATIONS}) with
     * {@code threads} server threads on 127.0.0.1:{@code port} (0: any free port) and returns once
     * it listens.
     *
     * @throws IllegalArgumentException for an unknown implementation or threads below 1
     */
    static HttpServer start(String implementation, int port, int threads) {
        return switch (implementation) {
            case "uring4j" -> UringHttpServer.start(port, threads);
            case "uring4j-msgring" -> UringHttpServer.startHandoff(port, threads);
            case "netty-io_uring" -> NettyHttpServer.start(NettyHttpServer.Transport.IO_URING, port, threads);
            case "netty-epoll" -> NettyHttpServer.start(NettyHttpServer.Transport.EPOLL, port, threads);
            case "nio" -> NioHttpServer.start(port, threads);
            default -> throw new IllegalArgumentException("implementation must be one of " + IMPLEMENTATIONS
                    + "; was '" + implementation + "'");
        };
    }
}
