package io.uring4j.channels;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.CompletionHandler;
import java.nio.channels.FileLock;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * An {@link AsynchronousFileChannel} whose reads and writes are io_uring requests: no thread waits
 * for them (the JDK's on Linux runs blocking calls on a thread pool). {@code read} and
 * {@code write} submit and return; the completion finishes the {@link Future} on the ring's
 * thread, and a {@link CompletionHandler} runs on the channel's executor — by default a new
 * virtual thread per completion.
 *
 * <p>{@code size}, {@code truncate} and {@code force} are io_uring requests the calling thread
 * waits for (parked); {@code lock} and {@code tryLock} are delegated to a JDK FileChannel on the
 * same open file (POSIX record locks; {@code lock} waits on a virtual thread). Closing the
 * channel cancels the requests in flight: their futures fail with
 * {@link java.nio.channels.AsynchronousCloseException} once the kernel has let go of their buffers.
 */
public final class UringAsynchronousFileChannel extends AsynchronousFileChannel {
    private static final Executor DEFAULT_HANDLER_EXECUTOR = Executors.newVirtualThreadPerTaskExecutor();

    private final UringFile file;
    private final Executor executor;
    private final LockDelegate delegate;
    private final Object closeLock = new Object();
    private boolean closed;

    private UringAsynchronousFileChannel(UringFile file, Executor executor) {
        this.file = file;
        this.executor = executor;
        this.delegate = new LockDelegate(file);
    }

    /** Opens or creates a file, like {@link AsynchronousFileChannel#open(Path, OpenOption...)}. */
    public static UringAsynchronousFileChannel open(Path path, OpenOption... options) throws IOException {
        return open(path, Set.of(options), null);
    }

    /**
     * Opens or creates a file, like {@link AsynchronousFileChannel#open(Path, Set, ExecutorService, FileAttribute[])}.
     *
     * @param executor runs {@link CompletionHandler}s; null for a new virtual thread per completion
     */
    public static UringAsynchronousFileChannel open(Path path, Set<? extends OpenOption> options,
            ExecutorService executor, FileAttribute<?>... attrs) throws IOException {
        return new UringAsynchronousFileChannel(UringFile.open(path, options, attrs),
                executor == null ? DEFAULT_HANDLER_EXECUTOR : executor);
    }

    @Override
    public <A> void read(ByteBuffer dst, long position, A attachment, CompletionHandler<Integer, ? super A> handler) {
        Objects.requireNonNull(handler, "handler");
        transfer(dst, position, true, attachment, handler);
    }

    @Override
    public Future<Integer> read(ByteBuffer dst, long position) {
        return transfer(dst, position, true, null, null);
    }

    @Override
    public <A> void write(ByteBuffer src, long position, A attachment, CompletionHandler<Integer, ? super A> handler) {
        Objects.requireNonNull(handler, "handler");
        transfer(src, position, false, attachment, handler);
    }

    @Override
    public Future<Integer> write(ByteBuffer src, long position) {
        return transfer(src, position, false, null, null);
    }

    private <A> Future<Integer> transfer(ByteBuffer buf, long position, boolean read, A attachment,
            CompletionHandler<Integer, ? super A> handler) {
        Objects.requireNonNull(buf, read ? "dst" : "src");
        if (position < 0) {
            throw new IllegalArgumentException("position must be >= 0; was " + position);
        }
        if (read) {
            if (buf.isReadOnly()) {
                throw new IllegalArgumentException("dst is a read-only buffer");
            }
            if (!file.spec.readable()) {
                throw new NonReadableChannelException();
            }
        } else if (!file.spec.writable()) {
            throw new NonWritableChannelException();
        }
        return new IoFuture<>(file, buf, read, attachment, handler, executor).start(position);
    }

    @Override
    public long size() throws IOException {
        enter();
        try {
            return file.size();
        } finally {
            file.exit();
        }
    }

    @Override
    public AsynchronousFileChannel truncate(long size) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0; was " + size);
        }
        if (!file.spec.writable()) {
            throw new NonWritableChannelException();
        }
        enter();
        try {
            if (size < file.size()) {
                file.truncate(size);
            }
        } finally {
            file.exit();
        }
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        enter();
        try {
            file.force(metaData);
        } finally {
            file.exit();
        }
    }

    @Override
    public <A> void lock(long position, long size, boolean shared, A attachment,
            CompletionHandler<FileLock, ? super A> handler) {
        Objects.requireNonNull(handler, "handler");
        Future<FileLock> f = lock(position, size, shared);
        Thread.ofVirtual().start(() -> {
            try {
                FileLock l = f.get();
                executor.execute(() -> handler.completed(l, attachment));
            } catch (Exception e) {
                Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
                executor.execute(() -> handler.failed(cause, attachment));
            }
        });
    }

    /** Delegated: a JDK FileChannel's blocking lock, taken on a virtual thread. */
    @Override
    public Future<FileLock> lock(long position, long size, boolean shared) {
        checkLock(position, size, shared);
        CompletableFuture<FileLock> f = new CompletableFuture<>();
        if (!isOpen()) {
            f.completeExceptionally(new ClosedChannelException());
            return f;
        }
        Thread.ofVirtual().start(() -> {
            try {
                enter();
                try {
                    f.complete(new DelegatedFileLock(this, delegate.channel().lock(position, size, shared)));
                } finally {
                    file.exit();
                }
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    /** Delegated to a JDK FileChannel on the same open file. */
    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        checkLock(position, size, shared);
        enter();
        try {
            FileLock inner = delegate.channel().tryLock(position, size, shared);
            return inner == null ? null : new DelegatedFileLock(this, inner);
        } finally {
            file.exit();
        }
    }

    private void checkLock(long position, long size, boolean shared) {
        if (position < 0 || size < 0) {
            throw new IllegalArgumentException("position and size must be >= 0; were " + position + ", " + size);
        }
        if (shared && !file.spec.readable()) {
            throw new NonReadableChannelException();
        }
        if (!shared && !file.spec.writable()) {
            throw new NonWritableChannelException();
        }
    }

    private void enter() throws ClosedChannelException {
        if (!file.enter()) {
            throw new ClosedChannelException();
        }
    }

    @Override
    public boolean isOpen() {
        return !file.isClosed();
    }

    /** Closes the file; requests in flight are cancelled and fail with AsynchronousCloseException. */
    @Override
    public void close() throws IOException {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        file.close();
        try {
            delegate.close();
        } finally {
            if (file.spec.deleteOnClose()) {
                Files.deleteIfExists(file.path);
            }
        }
    }

    @Override
    public String toString() {
        return "UringAsynchronousFileChannel[" + file.path + (isOpen() ? "" : ", closed") + "]";
    }
}
