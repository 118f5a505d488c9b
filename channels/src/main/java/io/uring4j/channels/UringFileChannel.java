package io.uring4j.channels;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
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

    // ---------------------------------------------------------------- reads

    @Override
    public int read(ByteBuffer dst) throws IOException {
        checkReadInto(dst);
        positionLock.lock();
        try {
            int n = 0;
            boolean completed = false;
            begin();
            try {
                if (file.enter()) {
                    try {
                        n = file.read(dst, position);
                        completed = true;
                    } finally {
                        file.exit();
                    }
                    if (n > 0) {
                        position += n;
                    }
                }
            } finally {
                end(completed);
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
        int n = 0;
        boolean completed = false;
        begin();
        try {
            if (file.enter()) {
                try {
                    n = file.read(dst, position);
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

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(dsts, "dsts").length);
        for (int i = offset; i < offset + length; i++) {
            checkReadInto(dsts[i]);
        }
        ensureReadable();
        positionLock.lock();
        try {
            long n = 0;
            boolean completed = false;
            begin();
            try {
                if (file.enter()) {
                    try {
                        n = inPlace(dsts, offset, length)
                                ? file.transferVector(dsts, offset, length, position, true)
                                : readEach(dsts, offset, length, position);
                        completed = true;
                    } finally {
                        file.exit();
                    }
                    if (n > 0) {
                        position += n;
                    }
                }
            } finally {
                end(completed);
            }
            return n;
        } finally {
            positionLock.unlock();
        }
    }

    /** Scatter with staged buffers: one read per buffer until one comes back short. */
    private long readEach(ByteBuffer[] dsts, int offset, int length, long at) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            ByteBuffer b = dsts[i];
            if (!b.hasRemaining()) {
                continue;
            }
            int n = file.read(b, at + total);
            if (n < 0) {
                return total == 0 ? -1 : total;
            }
            total += n;
            if (b.hasRemaining()) {
                break;
            }
        }
        return total;
    }

    // ---------------------------------------------------------------- writes

    @Override
    public int write(ByteBuffer src) throws IOException {
        checkWriteFrom(src);
        positionLock.lock();
        try {
            int n = 0;
            boolean completed = false;
            begin();
            try {
                if (file.enter()) {
                    try {
                        n = writeAll(src, file.spec.append() ? -1 : position);
                        completed = true;
                    } finally {
                        file.exit();
                    }
                    if (!file.spec.append()) {
                        position += n;
                    }
                }
            } finally {
                end(completed);
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
        int n = 0;
        boolean completed = false;
        begin();
        try {
            if (file.enter()) {
                try {
                    n = writeAll(src, position);
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

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(srcs, "srcs").length);
        for (int i = offset; i < offset + length; i++) {
            Objects.requireNonNull(srcs[i], "srcs[" + i + "]");
        }
        ensureWritable();
        positionLock.lock();
        try {
            long n = 0;
            boolean completed = false;
            begin();
            try {
                if (file.enter()) {
                    try {
                        long at = file.spec.append() ? -1 : position;
                        if (inPlace(srcs, offset, length)) {
                            n = file.transferVector(srcs, offset, length, at, false);
                        }
                        // What a short writev left, and all of it when staged: buffer by buffer.
                        for (int i = offset; i < offset + length; i++) {
                            n += writeAll(srcs[i], at < 0 ? -1 : at + n);
                        }
                        completed = true;
                    } finally {
                        file.exit();
                    }
                    if (!file.spec.append()) {
                        position += n;
                    }
                }
            } finally {
                end(completed);
            }
            return n;
        } finally {
            positionLock.unlock();
        }
    }

    /** Writes all of {@code src}, as a blocking channel must. */
    private int writeAll(ByteBuffer src, long at) throws IOException {
        int total = 0;
        while (src.hasRemaining()) {
            int n = file.write(src, at < 0 ? -1 : at + total);
            if (n <= 0) {
                break;
            }
            total += n;
        }
        return total;
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
        long size = -1;
        boolean completed = false;
        begin();
        try {
            if (file.enter()) {
                try {
                    size = file.size();
                    completed = true;
                } finally {
                    file.exit();
                }
            }
        } finally {
            end(completed);
        }
        return size;
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0; was " + size);
        }
        ensureOpen();
        ensureWritable();
        positionLock.lock();
        try {
            boolean completed = false;
            begin();
            try {
                if (file.enter()) {
                    try {
                        if (size < file.size()) {
                            file.truncate(size);
                        }
                        completed = true;
                    } finally {
                        file.exit();
                    }
                    if (position > size) {
                        position = size;
                    }
                }
            } finally {
                end(completed);
            }
            return this;
        } finally {
            positionLock.unlock();
        }
    }

    @Override
    public void force(boolean metaData) throws IOException {
        ensureOpen();
        boolean completed = false;
        begin();
        try {
            if (file.enter()) {
                try {
                    file.force(metaData);
                    completed = true;
                } finally {
                    file.exit();
                }
            }
        } finally {
            end(completed);
        }
    }

    // ---------------------------------------------------------------- transfers

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        checkPosition(position);
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0; was " + count);
        }
        Objects.requireNonNull(target, "target");
        ensureOpen();
        if (!target.isOpen()) {
            throw new ClosedChannelException();
        }
        ensureReadable();
        long total = 0;
        boolean completed = false;
        begin();
        try {
            if (file.enter()) {
                NativeChunks.Chunk chunk = null;
                try {
                    long left = Math.min(count, Math.max(0, file.size() - position));
                    if (left > 0) {
                        chunk = file.pool().chunks.take((int) Math.min(left, NativeChunks.MAX_CHUNK));
                        ByteBuffer buf = chunk.view.duplicate();
                        while (left > 0) {
                            buf.clear().limit((int) Math.min(left, Math.min(buf.capacity(), NativeChunks.MAX_CHUNK)));
                            int n = file.read(buf, position + total);
                            if (n <= 0) {
                                break;
                            }
                            buf.flip();
                            while (buf.hasRemaining() && target.write(buf) > 0) {
                                // a blocking target takes it all; a non-blocking one may stop early
                            }
                            int written = buf.position();
                            total += written;
                            left -= written;
                            if (written < n) {
                                break;
                            }
                        }
                    }
                    completed = true;
                } finally {
                    if (chunk != null) {
                        file.pool().chunks.give(chunk);
                    }
                    file.exit();
                }
            }
        } finally {
            end(completed);
        }
        return total;
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        checkPosition(position);
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0; was " + count);
        }
        Objects.requireNonNull(src, "src");
        ensureOpen();
        if (!src.isOpen()) {
            throw new ClosedChannelException();
        }
        ensureWritable();
        long total = 0;
        boolean completed = false;
        begin();
        try {
            if (file.enter()) {
                NativeChunks.Chunk chunk = null;
                try {
                    if (position <= file.size() && count > 0) {
                        chunk = file.pool().chunks.take((int) Math.min(count, NativeChunks.MAX_CHUNK));
                        ByteBuffer buf = chunk.view.duplicate();
                        while (total < count) {
                            buf.clear().limit((int) Math.min(count - total, Math.min(buf.capacity(), NativeChunks.MAX_CHUNK)));
                            int n = src.read(buf);
                            if (n <= 0) {
                                break;
                            }
                            buf.flip();
                            total += writeAll(buf, position + total);
                        }
                    }
                    completed = true;
                } finally {
                    if (chunk != null) {
                        file.pool().chunks.give(chunk);
                    }
                    file.exit();
                }
            }
        } finally {
            end(completed);
        }
        return total;
    }

    // ---------------------------------------------------------------- delegated: map and lock

    /** Delegated to a JDK FileChannel on the same open file (see the class description). */
    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        ensureOpen();
        if (!file.enter()) {
            throw new ClosedChannelException();
        }
        try {
            return delegate.channel().map(mode, position, size);
        } finally {
            file.exit();
        }
    }

    /** Delegated to a JDK FileChannel on the same open file (see the class description). */
    @Override
    public MemorySegment map(MapMode mode, long offset, long size, Arena arena) throws IOException {
        ensureOpen();
        if (!file.enter()) {
            throw new ClosedChannelException();
        }
        try {
            return delegate.channel().map(mode, offset, size, arena);
        } finally {
            file.exit();
        }
    }

    /** Delegated to a JDK FileChannel on the same open file: a POSIX record lock owned by this channel. */
    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        checkLock(position, size, shared);
        if (!file.enter()) {
            throw new ClosedChannelException();
        }
        try {
            return new DelegatedFileLock(this, delegate.channel().lock(position, size, shared));
        } finally {
            file.exit();
        }
    }

    /** Delegated to a JDK FileChannel on the same open file; null when another process holds an overlapping lock. */
    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        checkLock(position, size, shared);
        if (!file.enter()) {
            throw new ClosedChannelException();
        }
        try {
            FileLock inner = delegate.channel().tryLock(position, size, shared);
            return inner == null ? null : new DelegatedFileLock(this, inner);
        } finally {
            file.exit();
        }
    }

    private void checkLock(long position, long size, boolean shared) throws IOException {
        if (position < 0 || size < 0) {
            throw new IllegalArgumentException("position and size must be >= 0; were " + position + ", " + size);
        }
        ensureOpen();
        if (shared) {
            ensureReadable();
        } else {
            ensureWritable();
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
        ensureReadable();
    }

    private void checkWriteFrom(ByteBuffer src) throws IOException {
        Objects.requireNonNull(src, "src");
        ensureOpen();
        ensureWritable();
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

    private void ensureReadable() {
        if (!file.spec.readable()) {
            throw new NonReadableChannelException();
        }
    }

    private void ensureWritable() {
        if (!file.spec.writable()) {
            throw new NonWritableChannelException();
        }
    }

    /** True when every buffer can go to the kernel in place, so one vectored request does it. */
    private boolean inPlace(ByteBuffer[] bufs, int offset, int length) {
        if (length > IovecArray.MAX_VECTORS) {
            return false;
        }
        for (int i = offset; i < offset + length; i++) {
            ByteBuffer b = bufs[i];
            if (!b.isDirect() || (file.memoryAlign > 0 && MemorySegment.ofBuffer(b).address() % file.memoryAlign != 0)) {
                return false;
            }
        }
        return true;
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
