package io.uring4j.bench.net;

/** An {@link HttpServer} whose whole life is its {@link ServerThreads} (the uring4j and NIO servers). */
abstract class ThreadHttpServer implements HttpServer {
    final ServerThreads threads;

    ThreadHttpServer(ServerThreads threads) {
        this.threads = threads;
    }

    @Override
    public final int port() {
        return threads.port();
    }

    @Override
    public final void awaitFailure() throws InterruptedException {
        threads.awaitAnyEnd();
    }

    @Override
    public final void close() {
        threads.stop();
    }

    /** Requests each server thread answered, in thread order; valid after {@link #close()}. */
    final long[] servedPerThread() {
        return threads.served();
    }
}
