package io.uring4j.bench.net;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One platform thread of a hand-written server (uring4j, NIO): it sets its part of the server up,
 * reports the port, serves until stopped, then cleans up. Failures reach the starter or
 * {@link ServerThreads#stop()}.
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

        /** Requests answered so far; read after the thread ended. */
        long served();
    }

    private static final long START_TIMEOUT_SECONDS = 10;

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

    /** Asks the body to stop; the caller then wakes the thread (see {@link ServerThreads#stop()}). */
    void requestStop() {
        body.requestStop();
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    /** The failure that ended the thread, or null. */
    Throwable failure() {
        return failure;
    }

    /** What the body served (see {@link Body#served()}); after the thread ended. */
    long served() {
        return body.served();
    }
}
