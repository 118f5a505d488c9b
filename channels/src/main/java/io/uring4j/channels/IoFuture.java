package io.uring4j.channels;

import io.uring4j.kernel.Errno;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.CompletionHandler;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One asynchronous read or write: the {@link Future} the caller holds and the {@link AsyncOp} the
 * completion runs — the only object made per request. The buffer (or its staging chunk) stays
 * referenced by the request until the completion, whatever happens to this future; a cancelled
 * future's buffer may still be written until the kernel has answered the cancellation.
 */
final class IoFuture<A> implements Future<Integer>, AsyncOp {
    private static final int ECANCELED = Errno.ECANCELED.value();
    private static final int PENDING = 0, DONE = 1, FAILED = 2, CANCELLED = 3;

    private final UringFile file;
    private final ByteBuffer buffer;
    private final boolean read;
    private final A attachment;
    private final CompletionHandler<Integer, ? super A> handler;
    private final Executor executor;
    private int state = PENDING;
    private int value;
    private Throwable failure;
    private ChannelRing ring;
    private long userData;

    IoFuture(UringFile file, ByteBuffer buffer, boolean read, A attachment,
            CompletionHandler<Integer, ? super A> handler, Executor executor) {
        this.file = file;
        this.buffer = buffer;
        this.read = read;
        this.attachment = attachment;
        this.handler = handler;
        this.executor = executor;
    }

    /** Submits the transfer at {@code position}; on a failure before submission, completes this exceptionally. */
    IoFuture<A> start(long position) {
        if (!file.enter()) {
            fail(new java.nio.channels.ClosedChannelException());
            return this;
        }
        if (buffer.remaining() == 0) {
            file.exit();
            succeed(0);
            return this;
        }
        ChannelRing r0 = file.pool().ring();
        Request r = r0.acquire(this);
        try {
            file.checkDirectAlignment(position, buffer.remaining());
            MemorySegment memory = file.stage(r, buffer, read);
            r.op = read ? Request.READ : Request.WRITE;
            r.fd = file.fd;
            r.memory = memory;
            r.offset = position;
            synchronized (this) {
                ring = r0;
                userData = r.userData();
            }
            r0.submit(r);
        } catch (IOException | RuntimeException e) {
            file.unstage(r);
            r0.release(r);
            file.exit();
            fail(e);
            return this;
        }
        try {
            file.recheckClosed();
        } catch (RuntimeException e) {
            // the completion still arrives and finishes this future
        }
        return this;
    }

    @Override
    public void complete(Request r, int res) {
        Throwable error = null;
        int n = 0;
        try {
            if (res < 0) {
                error = res == -ECANCELED && file.isClosed() ? new AsynchronousCloseException()
                        : UringFile.failure(read ? "read" : "write", res);
            } else {
                n = file.finishTransfer(r, buffer, res, read, read ? "read" : "write");
            }
        } catch (IOException | RuntimeException e) {
            error = e;
        } finally {
            file.unstage(r);
            r.home.release(r);
            file.exit();
        }
        if (error != null) {
            fail(error);
        } else {
            succeed(n);
        }
    }

    private void succeed(int n) {
        synchronized (this) {
            if (state != PENDING) {
                return;
            }
            value = n;
            state = DONE;
            notifyAll();
        }
        if (handler != null) {
            executor.execute(() -> handler.completed(n, attachment));
        }
    }

    private void fail(Throwable e) {
        synchronized (this) {
            if (state != PENDING) {
                return;
            }
            failure = e;
            state = FAILED;
            notifyAll();
        }
        if (handler != null) {
            executor.execute(() -> handler.failed(e, attachment));
        }
    }

    /**
     * Asks the kernel to cancel the request (ASYNC_CANCEL) and completes this future as cancelled.
     * The buffer stays the kernel's until the cancellation is answered: do not reuse it.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        ChannelRing target;
        long ud;
        synchronized (this) {
            if (state != PENDING) {
                return false;
            }
            state = CANCELLED;
            target = ring;
            ud = userData;
            notifyAll();
        }
        if (target != null) {
            target.submitUnowned(Request.CANCEL, -1, ud);
        }
        if (handler != null) {
            executor.execute(() -> handler.failed(new CancellationException(), attachment));
        }
        return true;
    }

    @Override
    public synchronized boolean isCancelled() {
        return state == CANCELLED;
    }

    @Override
    public synchronized boolean isDone() {
        return state != PENDING;
    }

    @Override
    public synchronized Integer get() throws InterruptedException, ExecutionException {
        while (state == PENDING) {
            wait();
        }
        return result();
    }

    @Override
    public synchronized Integer get(long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (state == PENDING) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException();
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return result();
    }

    private Integer result() throws ExecutionException {
        return switch (state) {
            case DONE -> value;
            case CANCELLED -> throw new CancellationException();
            default -> throw new ExecutionException(failure);
        };
    }
}
