package io.uring4j.channels;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link FileChannel} whose reads, writes, {@code size}, {@code truncate} and {@code force} are
 * io_uring requests. A thread blocked in one of them is parked, not stuck in a system call: a
 * virtual thread frees its carrier while it waits and the JDK adds no platform thread for it.
 * Platform threads work too (they park the same way).
 *
 * <p>Open it like a JDK channel; {@link UringOpenOption#DIRECT} adds O_DIRECT:
 * {@snippet class=io.uring4j.channels.snippets.OpenExample region=open}
 *
 * <p>Close and interrupt follow the {@link FileChannel} contract: closing the channel, or
 * interrupting a thread blocked in it, cancels every request in flight on it (ASYNC_CANCEL); each
 * blocked thread waits for its request's final completion — the kernel has let go of its buffer —
 * and then throws {@link java.nio.channels.AsynchronousCloseException} (the interrupted thread:
 * {@link java.nio.channels.ClosedByInterruptException}, its interrupt status set). Later calls
 * throw {@link ClosedChannelException}.
 *
 * <p>Buffers: a direct buffer is used in place and referenced until its completion; a heap buffer
 * is staged through pooled native memory of this layer (at most 1 MiB per request, so a single
 * read into a larger heap buffer may return fewer bytes; writes always write everything).
 *
 * <p>Delegated: {@link #map}, {@link #lock} and {@link #tryLock} go to a JDK FileChannel on the
 * same open file ({@code /proc/self/fd/N}); io_uring has nothing to add there. Their locks are
 * POSIX record locks of the process, owned by this channel and released when it closes.
 * {@link #transferTo} and {@link #transferFrom} copy through a pooled native chunk with io_uring
 * requests on this side.
 *
 * <p>A buffered read the page cache can serve ({@code preadv2(RWF_NOWAIT)}) never blocks, so it
 * skips the interrupt machinery of blocking calls; a thread already interrupted takes the
 * blocking path, which closes the channel as the contract says.
 */
public final class UringFileChannel extends FileChannel {
    private final UringFile file;
    private final ReentrantLock positionLock = new ReentrantLock();
    private final LockDelegate delegate;
    private volatile long position;

    private UringFileChannel(UringFile file) {
        this.file = file;
        this.delegate = new LockDelegate(file);
    }

    /**
     * Opens or creates a file, like {@link FileChannel#open(Path, OpenOption...)}.
     *
     * @param options {@link java.nio.file.StandardOpenOption}s, {@link java.nio.file.LinkOption#NOFOLLOW_LINKS}
     *                and {@link UringOpenOption#DIRECT}; none means READ
     * @throws IllegalArgumentException      for an invalid combination (READ + APPEND, APPEND + TRUNCATE_EXISTING)
     * @throws UnsupportedOperationException for an option this channel does not know
     * @throws IOException                   when the kernel refuses (NoSuchFileException and the like)
     */
    public static UringFileChannel open(Path path, OpenOption... options) throws IOException {
        return open(path, Set.of(options));
    }

    /** Opens or creates a file, like {@link FileChannel#open(Path, Set, FileAttribute[])}. */
    public static UringFileChannel open(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return new UringFileChannel(UringFile.open(path, options, attrs));
    }

    /** A call on the open file, made between {@code begin} and {@code end} (see {@link #blocking}). */
    @FunctionalInterface
    private interface FileCall {
        long run(UringFile file, ByteBuffer buf, long at) throws IOException;
    }

    /** The hot calls: non-capturing, so passing them allocates nothing. */
    private static final FileCall READ = (f, b, at) -> f.read(b, at, false);
    private static final FileCall WRITE = (f, b, at) -> f.writeFully(b, at);

    /**
     * Runs {@code call} as a blocking operation of this channel: interruptible (an interrupt
     * closes the channel), counted in the file's users; on a channel closed meanwhile it returns
     * {@code ifClosed} and {@code end} throws the close's exception.
     */
    private long blocking(FileCall call, ByteBuffer buf, long at, long ifClosed) throws IOException {
        long n = ifClosed;
        boolean completed = false;
        begin();
        try {
            if (file.enter()) {
                try {
                    n = call.run(file, buf, at);
                    completed = true;
                } finally {
                    file.exit();
                }
            }
        } finally {
            end(completed);
        }
        return n;
    }

    // ---------------------------------------------------------------- reads

    @Override
    public int read(ByteBuffer dst) throws IOException {
        checkReadInto(dst);
        positionLock.lock();
        try {
            long at = position;
            int n = fastRead(dst, at);
            if (n == CachedReads.NOT_CACHED) {
                n = (int) blocking(READ, dst, at, 0);
            }
            if (n > 0) {
                position = at + n;
            }
            return n;
        } finally {
            positionLock.unlock();
        }
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        checkReadInto(dst);
        checkPosition(position);
        int n = fastRead(dst, position);
        return n != CachedReads.NOT_CACHED ? n : (int) blocking(READ, dst, position, 0);
    }

    /** The page-cache read, when it applies: never blocks, so no interrupt hook (see the class description). */
    private int fastRead(ByteBuffer dst, long at) {
        return Thread.currentThread().isInterrupted() ? CachedReads.NOT_CACHED : file.readIfCached(dst, at);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(dsts, "dsts").length);
        for (int i = offset; i < offset + length; i++) {
            checkReadInto(dsts[i]);
        }
        file.spec.requireReadable();
        positionLock.lock();
        try {
            long n = blocking((f, b, p) -> Vectored.read(f, dsts, offset, length, p), null, position, 0);
            if (n > 0) {
                position += n;
            }
            return n;
        } finally {
            positionLock.unlock();
        }
    }

    // ---------------------------------------------------------------- writes

    @Override
    public int write(ByteBuffer src) throws IOException {
        checkWriteFrom(src);
        positionLock.lock();
        try {
            int n = (int) blocking(WRITE, src, file.spec.append() ? -1 : position, 0);
            if (!file.spec.append()) {
                position += n;
            }
            return n;
        } finally {
            positionLock.unlock();
        }
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        checkWriteFrom(src);
        checkPosition(position);
        return (int) blocking(WRITE, src, position, 0);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(srcs, "srcs").length);
        for (int i = offset; i < offset + length; i++) {
            Objects.requireNonNull(srcs[i], "srcs[" + i + "]");
        }
        file.spec.requireWritable();
        positionLock.lock();
        try {
            long at = file.spec.append() ? -1 : position;
            long n = blocking((f, b, p) -> Vectored.write(f, srcs, offset, length, p), null, at, 0);
            if (!file.spec.append()) {
                position += n;
            }
            return n;
        } finally {
            positionLock.unlock();
        }
    }

    // ---------------------------------------------------------------- position, size, truncate, force

    @Override
    public long position() throws IOException {
        ensureOpen();
        // In append mode the position is the end of the file, as in the JDK.
        return file.spec.append() ? size() : position;
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        checkPosition(newPosition);
        ensureOpen();
        positionLock.lock();
        try {
            position = newPosition;
        } finally {
            positionLock.unlock();
        }
        return this;
    }

    @Override
    public long size() throws IOException {
        ensureOpen();
        return blocking((f, b, at) -> f.size(), null, 0, -1);
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0; was " + size);
        }
        ensureOpen();
        file.spec.requireWritable();
        positionLock.lock();
        try {
            if (blocking((f, b, at) -> truncateIfLarger(f, size), null, 0, 0) != 0 && position > size) {
                position = size;
            }
            return this;
        } finally {
            positionLock.unlock();
        }
    }

    /** Truncates only a file larger than {@code size}, as the contract says; 1 when done. */
    private static long truncateIfLarger(UringFile file, long size) throws IOException {
        if (size < file.size()) {
            file.truncate(size);
        }
        return 1;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        ensureOpen();
        blocking((f, b, at) -> {
            f.force(metaData);
            return 0;
        }, null, 0, 0);
    }

    // ---------------------------------------------------------------- transfers

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        checkTransfer(position, count, Objects.requireNonNull(target, "target"));
        file.spec.requireReadable();
        return blocking((f, b, at) -> ChannelTransfers.to(f, at, count, target), null, position, 0);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        checkTransfer(position, count, Objects.requireNonNull(src, "src"));
        file.spec.requireWritable();
        return blocking((f, b, at) -> ChannelTransfers.from(f, src, at, count), null, position, 0);
    }

    // ---------------------------------------------------------------- delegated: map and lock

    /** Delegated to a JDK FileChannel on the same open file (see the class description). */
    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        ensureOpen();
        return delegate.call(ch -> ch.map(mode, position, size));
    }

    /** Delegated to a JDK FileChannel on the same open file (see the class description). */
    @Override
    public MemorySegment map(MapMode mode, long offset, long size, Arena arena) throws IOException {
        ensureOpen();
        return delegate.call(ch -> ch.map(mode, offset, size, arena));
    }

    /** Delegated to a JDK FileChannel on the same open file: a POSIX record lock owned by this channel. */
    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        checkLock(position, size, shared);
        return delegate.call(ch -> new DelegatedFileLock(this, ch.lock(position, size, shared)));
    }

    /** Delegated to a JDK FileChannel on the same open file; null when another process holds an overlapping lock. */
    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        checkLock(position, size, shared);
        return delegate.call(ch -> {
            FileLock inner = ch.tryLock(position, size, shared);
            return inner == null ? null : new DelegatedFileLock(this, inner);
        });
    }

    private void checkLock(long position, long size, boolean shared) throws IOException {
        if (position < 0 || size < 0) {
            throw new IllegalArgumentException("position and size must be >= 0; were " + position + ", " + size);
        }
        ensureOpen();
        if (shared) {
            file.spec.requireReadable();
        } else {
            file.spec.requireWritable();
        }
    }

    // ---------------------------------------------------------------- close

    @Override
    protected void implCloseChannel() throws IOException {
        file.close();
        try {
            delegate.close();
        } finally {
            if (file.spec.deleteOnClose()) {
                Files.deleteIfExists(file.path);
            }
        }
    }

    // ---------------------------------------------------------------- checks

    private void checkReadInto(ByteBuffer dst) throws IOException {
        Objects.requireNonNull(dst, "dst");
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("dst is a read-only buffer");
        }
        ensureOpen();
        file.spec.requireReadable();
    }

    private void checkWriteFrom(ByteBuffer src) throws IOException {
        Objects.requireNonNull(src, "src");
        ensureOpen();
        file.spec.requireWritable();
    }

    private void checkTransfer(long position, long count, java.nio.channels.Channel other) throws IOException {
        checkPosition(position);
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0; was " + count);
        }
        ensureOpen();
        if (!other.isOpen()) {
            throw new ClosedChannelException();
        }
    }

    private static void checkPosition(long position) {
        if (position < 0) {
            throw new IllegalArgumentException("position must be >= 0; was " + position);
        }
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
    }

    /** The open file (tests). */
    UringFile file() {
        return file;
    }

    @Override
    public String toString() {
        return "UringFileChannel[" + file.path + (isOpen() ? "" : ", closed") + "]";
    }
}
