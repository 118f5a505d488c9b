package io.uring4j.bench.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one platform thread a hand-written server (uring4j, NIO) runs on: it sets the server up,
 * reports the port, serves until stopped, then cleans up. Failures reach the starter or
 * {@link #stop()}.
 */
final class ServerThread {
    /** What runs on the thread. */
    interface Body {
        /** Sets up (listening when it returns) and returns the port. */
        int open() throws Exception;

        /** Serves until {@link #requestStop()} and a completion or event wakes it. */
        void serve() throws Exception;

        /** Asks {@link #serve()} to return; any thread. */
        void requestStop();

        /** Releases everything; on the server thread. */
        void release() throws Exception;
    }

    private static final long START_TIMEOUT_SECONDS = 10;
    private static final long STOP_TIMEOUT_MILLIS = 10_000;

    private final Body body;
    private final Thread thread;
    private final CompletableFuture<Integer> started = new CompletableFuture<>();
    private volatile Throwable failure;
    private int port;

    private ServerThread(String name, Body body) {
        this.body = body;
        this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::run);
    }

    /** Starts {@code body} on a new thread named {@code name}; returns once it listens. */
    static ServerThread start(String name, Body body) {
        ServerThread t = new ServerThread(name, body);
        t.thread.start();
        try {
            t.port = t.started.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(name + " failed to start: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(name + " did not start within " + START_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + name, e);
        }
        return t;
    }

    int port() {
        return port;
    }

    /** The server thread (for tests that measure what it allocates). */
    Thread thread() {
        return thread;
    }

    private void run() {
        boolean opened = false;
        try {
            started.complete(body.open());
            opened = true;
            body.serve();
        } catch (Throwable t) {
            if (!opened) {
                started.completeExceptionally(t);
            }
            failure = t;
        } finally {
            if (opened) {
                try {
                    body.release();
                } catch (Throwable t) {
                    if (failure == null) {
                        failure = t;
                    }
                }
            }
        }
    }

    /** Waits until the thread ends; throws its failure, if any. */
    void join() throws InterruptedException {
        thread.join();
        if (failure != null) {
            throw new IllegalStateException(thread.getName() + " failed: " + failure, failure);
        }
    }

    /** Stops the server, waking its thread with a connection, and waits for it. */
    void stop() {
        body.requestStop();
        try (Socket wake = new Socket()) {
            wake.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
        } catch (IOException e) {
            // The thread may be gone already; the join below tells.
        }
        try {
            thread.join(STOP_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            throw new IllegalStateException(thread.getName() + " did not stop within " + STOP_TIMEOUT_MILLIS + " ms");
        }
        if (failure != null) {
            throw new IllegalStateException(thread.getName() + " failed: " + failure, failure);
        }
    }
}
