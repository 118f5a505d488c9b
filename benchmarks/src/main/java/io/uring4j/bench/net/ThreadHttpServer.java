package io.uring4j.bench.net;

/** An {@link HttpServer} whose whole life is one {@link ServerThread} (the uring4j and NIO servers). */
abstract class ThreadHttpServer implements HttpServer {
    final ServerThread thread;

    ThreadHttpServer(ServerThread thread) {
        this.thread = thread;
    }

    @Override
    public final int port() {
        return thread.port();
    }

    @Override
    public final void awaitFailure() throws InterruptedException {
        thread.join();
        throw new IllegalStateException("the server thread ended");
    }

    @Override
    public final void close() {
        thread.stop();
    }
}
