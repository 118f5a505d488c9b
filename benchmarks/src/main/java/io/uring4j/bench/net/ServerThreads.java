package io.uring4j.bench.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * The threads of a hand-written server (uring4j, NIO): one {@link ServerThread} per thread, each
 * with its own listening socket on the same port (SO_REUSEPORT when there are several), so the
 * kernel spreads the connections over them and no thread hands work to another.
 */
final class ServerThreads {
    /**
     * Makes the body of thread {@code index} (0, 1, ...: thread 0 starts first and picks the port
     * when it is 0); {@code reusePort} is true when several threads share the port.
     */
    interface Factory {
        ServerThread.Body create(int index, int port, boolean reusePort);
    }

    private static final long STOP_TIMEOUT_MILLIS = 10_000;
    private static final long WAKE_INTERVAL_MILLIS = 20;

    private final List<ServerThread> threads;
    private final int port;

    private ServerThreads(List<ServerThread> threads) {
        this.threads = threads;
        this.port = threads.getFirst().port();
    }

    /**
     * Starts {@code count} threads named {@code name-0..} on 127.0.0.1:{@code port} (0: the first
     * thread picks a free port, the others join it); returns once all listen.
     *
     * @throws IllegalArgumentException when count is not positive
     */
    static ServerThreads start(String name, int count, int port, Factory factory) {
        if (count < 1) {
            throw new IllegalArgumentException("threads must be at least 1; was " + count);
        }
        boolean shared = count > 1;
        List<ServerThread> started = new ArrayList<>();
        try {
            started.add(ServerThread.start(name + "-0", factory.create(0, port, shared)));
            int actual = started.getFirst().port();
            for (int i = 1; i < count; i++) {
                started.add(ServerThread.start(name + "-" + i, factory.create(i, actual, true)));
            }
        } catch (RuntimeException | Error e) {
            if (!started.isEmpty()) {
                try {
                    new ServerThreads(started).stop();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        return new ServerThreads(List.copyOf(started));
    }

    int port() {
        return port;
    }

    /** The first thread (for tests that measure what it allocates). */
    Thread firstThread() {
        return threads.getFirst().thread();
    }

    /** Blocks until any thread ends, then throws its failure (or says it ended). */
    void awaitAnyEnd() throws InterruptedException {
        while (true) {
            for (ServerThread t : threads) {
                t.thread().join(100);
                if (!t.isAlive()) {
                    Throwable f = t.failure();
                    throw new IllegalStateException(t.thread().getName() + (f == null ? " ended" : " failed: " + f), f);
                }
            }
        }
    }

    /** Requests each thread answered; call after {@link #stop()}. */
    long[] served() {
        long[] out = new long[threads.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = threads.get(i).served();
        }
        return out;
    }

    /**
     * Stops every thread and waits for them. A uring4j thread waits on its ring, so it is woken
     * with a connection; with SO_REUSEPORT the kernel picks which listener gets it, so connections
     * go out until every thread has ended (a thread that ended has closed its listener, which
     * leaves the port's group).
     *
     * @throws IllegalStateException when a thread does not stop in time or failed
     */
    void stop() {
        threads.forEach(ServerThread::requestStop);
        long deadline = System.nanoTime() + STOP_TIMEOUT_MILLIS * 1_000_000;
        try {
            while (threads.stream().anyMatch(ServerThread::isAlive) && System.nanoTime() < deadline) {
                wake();
                for (ServerThread t : threads) {
                    t.thread().join(WAKE_INTERVAL_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ServerThread t : threads) {
            if (t.isAlive()) {
                throw new IllegalStateException(t.thread().getName() + " did not stop within " + STOP_TIMEOUT_MILLIS
                        + " ms");
            }
        }
        for (ServerThread t : threads) {
            if (t.failure() != null) {
                throw new IllegalStateException(t.thread().getName() + " failed: " + t.failure(), t.failure());
            }
        }
    }

    private void wake() {
        try (Socket wake = new Socket()) {
            wake.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
        } catch (IOException e) {
            // Every listener may be closed already; the joins tell.
        }
    }
}
