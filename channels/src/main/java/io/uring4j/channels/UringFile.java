package io.uring4j.channels;

import io.uring4j.kernel.flags.FsyncFlags;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.FileSystems;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.attribute.FileAttribute;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An open file as both channel kinds see it: its fd, how it was opened, a count of the requests
 * using the fd, and the blocking requests on it. The fd is closed only when the file is closed and
 * no request uses it any more, so a cancellation by fd can never reach another file that reused
 * the number.
 *
 * <p>Every request goes through the current thread's {@link ChannelRing}; buffered reads first
 * try the page cache ({@link CachedReads}). Direct buffers are handed to the kernel in place and
 * stay referenced by the request until its completion; heap buffers (and, with O_DIRECT, direct
 * buffers at unaligned addresses) are staged through pooled native chunks that return to the pool
 * only after the completion. Scatter/gather is {@link Vectored}, statx {@link FileStat}.
 */
final class UringFile {
    private static final long CLOSED = 1L << 62;

    final int fd;
    final OpenSpec spec;
    final Path path;
    /** O_DIRECT alignment of positions/lengths and of buffer addresses; 0 when not O_DIRECT or unknown. */
    final int offsetAlign;
    final int memoryAlign;
    private final RingPool pool;
    /** Requests using the fd, plus {@link #CLOSED} once closed. */
    private final AtomicLong users = new AtomicLong();
    /** The page-cache fast path of reads; null with O_DIRECT. */
    private final CachedReads cache;
    /** Set by whoever closes the fd, so exactly one does. */
    private final AtomicBoolean fdClosing = new AtomicBoolean();

    private UringFile(RingPool pool, int fd, OpenSpec spec, Path path, int offsetAlign, int memoryAlign) {
        this.pool = pool;
        this.fd = fd;
        this.spec = spec;
        this.path = path;
        this.offsetAlign = offsetAlign;
        this.memoryAlign = memoryAlign;
        this.cache = spec.direct() ? null : new CachedReads(fd, pool.chunks);
    }

    /** Opens {@code path} with IORING_OP_OPENAT on the current thread's ring. */
    static UringFile open(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
        if (path == null) {
            throw new NullPointerException("path");
        }
        if (path.getFileSystem() != FileSystems.getDefault()) {
            throw new ProviderMismatchException("path must be on the default file system; was " + path.getFileSystem());
        }
        OpenSpec spec = OpenSpec.of(options, attrs);
        RingPool pool = RingPool.get();
        ChannelRing ring = pool.ring();
        int fd;
        {
            // Read by the ring thread and the kernel: GC-managed, referenced by the request until done.
            MemorySegment cPath = Arena.ofAuto().allocateFrom(path.toString());
            Request r = ring.acquire(null);
            r.op = Request.OPENAT;
            r.memory = cPath;
            r.arg = spec.flags();
            r.offset = spec.mode();
            ring.submit(r);
            fd = ring.await(r);
            ring.release(r);
        }
        if (fd < 0) {
            throw Errors.open(path.toString(), -fd);
        }
        UringFile file = new UringFile(pool, fd, spec, path, 0, 0);
        if (!spec.direct()) {
            return file;
        }
        try {
            long[] align = FileStat.dioAlign(file);
            return new UringFile(pool, fd, spec, path, (int) align[0], (int) align[1]);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    // ---------------------------------------------------------------- users and close

    /** Counts a request in; false when the file is closed. */
    boolean enter() {
        for (;;) {
            long u = users.get();
            if ((u & CLOSED) != 0) {
                return false;
            }
            if (users.compareAndSet(u, u + 1)) {
                return true;
            }
        }
    }

    /** Counts a request out; the last one out after close closes the fd. */
    void exit() {
        if (users.decrementAndGet() == CLOSED) {
            closeFdIfUnused(false);
        }
    }

    /**
     * Closes the fd if the file is closed and nothing uses it: no request and no page-cache
     * reader. Called by each of them on the way out after a close, and by the close; exactly one
     * call closes.
     */
    void closeFdIfUnused(boolean wait) {
        if (users.get() == CLOSED && (cache == null || cache.readers() == 0)
                && fdClosing.compareAndSet(false, true)) {
            closeFd(wait);
        }
    }

    boolean isClosed() {
        return (users.get() & CLOSED) != 0;
    }

    /**
     * Closes the file: no new request may start; requests in flight are cancelled on every ring
     * (they complete with -ECANCELED, or normally if they were done first) and the fd is closed
     * when the last of them has completed. Idempotent.
     */
    void close() {
        long u;
        do {
            u = users.get();
            if ((u & CLOSED) != 0) {
                return;
            }
        } while (!users.compareAndSet(u, u | CLOSED));
        if (u == 0) {
            closeFdIfUnused(true); // else the last page-cache reader out closes it
        } else {
            cancelAll();
        }
    }

    /** ASYNC_CANCEL of every request on this fd, on every ring (a request lives on its submitter's ring). */
    void cancelAll() {
        for (ChannelRing ring : pool.all()) {
            ring.submitUnowned(Request.CANCEL_FD, fd, 0);
        }
    }

    /**
     * Called by a request right after it was submitted: if the file was closed meanwhile, the
     * close's cancellation may have run before the request reached the kernel, so cancel again.
     */
    void recheckClosed() {
        if (isClosed()) {
            cancelAll();
        }
    }

    private void closeFd(boolean wait) {
        ChannelRing ring = pool.ring();
        if (!wait) {
            // From a completion path, which must not block: nobody waits for this close.
            ring.submitUnowned(Request.CLOSE, fd, 0);
            return;
        }
        Request r = ring.acquire(null);
        r.op = Request.CLOSE;
        r.fd = fd;
        ring.submit(r);
        ring.await(r);
        ring.release(r);
    }

    // ---------------------------------------------------------------- blocking requests

    /**
     * One read at {@code position} into {@code dst} (from its position; advanced by the bytes read).
     * The caller has called {@link #enter()}.
     *
     * @return bytes read, or -1 at end of file
     */
    int read(ByteBuffer dst, long position) throws IOException {
        return read(dst, position, true);
    }

    /** {@link #read(ByteBuffer, long)}, trying the page cache first only if {@code tryCache}. */
    int read(ByteBuffer dst, long position, boolean tryCache) throws IOException {
        int n = dst.remaining();
        if (n == 0) {
            return 0;
        }
        checkDirectAlignment(position, n);
        if (tryCache && cache != null && cache.worthTrying()) {
            int cached = cache.read(dst, position);
            if (cached != CachedReads.NOT_CACHED) {
                return cached;
            }
        }
        return transferOne(Request.READ, dst, position, true, "read");
    }

    /** The page-cache read on its own, for a channel's fast path: see {@link CachedReads#readIfCached}. */
    int readIfCached(ByteBuffer dst, long position) {
        return cache == null ? CachedReads.NOT_CACHED : cache.readIfCached(this, dst, position);
    }

    /**
     * One write at {@code position} (-1: the end of an O_APPEND file) from {@code src} (advanced
     * by the bytes written). The caller has called {@link #enter()}.
     *
     * @return bytes written
     */
    int write(ByteBuffer src, long position) throws IOException {
        int n = src.remaining();
        if (n == 0) {
            return 0;
        }
        checkDirectAlignment(position < 0 ? 0 : position, n);
        return transferOne(Request.WRITE, src, position, false, "write");
    }

    /** Writes all of {@code src} at {@code at} (-1: the end of an O_APPEND file), as a blocking channel must. */
    int writeFully(ByteBuffer src, long at) throws IOException {
        int total = 0;
        while (src.hasRemaining()) {
            int n = write(src, at < 0 ? -1 : at + total);
            if (n <= 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    /** One READ or WRITE through a ring: stage the buffer, submit, wait for the final completion, finish. */
    private int transferOne(int op, ByteBuffer buf, long position, boolean read, String what) throws IOException {
        ChannelRing ring = pool.ring();
        Request r = ring.acquire(null);
        try {
            transfer(r, op, stage(r, buf, read), position);
            ring.submit(r);
            int res = awaitSubmitted(ring, r);
            return finishTransfer(r, buf, res, read, what);
        } finally {
            unstage(r);
            ring.release(r);
        }
    }

    /** The file's size (statx). */
    long size() throws IOException {
        return FileStat.size(this);
    }

    /** ftruncate(fd, size). */
    void truncate(long size) throws IOException {
        simple(1, size, "ftruncate");
    }

    /** fsync, or fdatasync when {@code metaData} is false. */
    void force(boolean metaData) throws IOException {
        simple(0, metaData ? 0 : FsyncFlags.DATASYNC, "fsync");
    }

    private void simple(int kind, long arg, String op) throws IOException {
        ChannelRing ring = pool.ring();
        Request r = ring.acquire(null);
        try {
            r.op = kind == 1 ? Request.FTRUNCATE : Request.FSYNC;
            r.fd = fd;
            r.offset = arg;
            r.arg = (int) arg;
            ring.submit(r);
            int res = awaitSubmitted(ring, r);
            if (res < 0) {
                throw failure(op, res);
            }
        } finally {
            ring.release(r);
        }
    }

    /** Describes a transfer on this file in {@code r}. */
    void transfer(Request r, int op, MemorySegment memory, long position) {
        r.op = op;
        r.fd = fd;
        r.memory = memory;
        r.offset = position;
    }

    // ---------------------------------------------------------------- staging

    /**
     * The memory the kernel is given for {@code buf}: the buffer itself when it is direct (and,
     * with O_DIRECT, aligned), else a pooled chunk (filled from {@code buf} for a write).
     */
    MemorySegment stage(Request r, ByteBuffer buf, boolean read) {
        if (buf.isDirect()) {
            MemorySegment own = r.inPlace(buf);
            if (memoryAlign == 0 || aligned(own.address(), memoryAlign)) {
                return own;
            }
            r.buffer = null; // unaligned for O_DIRECT: staged below instead
        }
        int n = Math.min(buf.remaining(), NativeChunks.MAX_CHUNK);
        NativeChunks.Chunk c = pool.chunks.take(n);
        r.chunk = c;
        if (!read) {
            c.view.put(0, buf, buf.position(), n);
        }
        r.buffer = buf;
        return c.slice(n);
    }

    /** After the completion: moves staged bytes into {@code buf} and advances it; maps errors. */
    int finishTransfer(Request r, ByteBuffer buf, int res, boolean read, String op) throws IOException {
        if (res < 0) {
            throw failure(op, res);
        }
        if (read && res == 0) {
            return -1;
        }
        if (read && r.chunk != null) {
            buf.put(buf.position(), r.chunk.view, 0, res);
        }
        buf.position(buf.position() + res);
        return res;
    }

    /**
     * Waits for a submitted request. Nothing may throw between a submit and this wait: the
     * request's memory is the kernel's until the completion.
     */
    int awaitSubmitted(ChannelRing ring, Request r) {
        RuntimeException failed = null;
        try {
            recheckClosed();
        } catch (RuntimeException e) {
            failed = e;
        }
        int res = ring.await(r);
        if (failed != null) {
            throw failed;
        }
        return res;
    }

    /** Gives a request's chunk back to the pool once the kernel is done with it (or never had it). */
    void unstage(Request r) {
        NativeChunks.Chunk c = r.chunk;
        if (c != null && (r.done || !r.submitted)) {
            r.chunk = null;
            pool.chunks.give(c);
        }
    }

    void checkDirectAlignment(long position, long length) throws IOException {
        int a = offsetAlign;
        if (a > 1 && !(aligned(position, a) && aligned(length, a))) {
            throw new IOException("O_DIRECT: position (" + position + ") and length (" + length
                    + ") must be multiples of the file's direct-I/O alignment, " + a + " bytes");
        }
    }

    /**
     * Whether {@code value} is a multiple of {@code alignment}: a mask for a power of two (what
     * the kernel reports), else a division (a 64-bit division costs tens of cycles per read).
     */
    private static boolean aligned(long value, int alignment) {
        return (alignment & (alignment - 1)) == 0 ? (value & (alignment - 1)) == 0 : value % alignment == 0;
    }

    /** An exception for a failed request; -ECANCELED after close is the channel's business (see callers). */
    static IOException failure(String op, int res) {
        return Errors.io(op, -res);
    }

    RingPool pool() {
        return pool;
    }

    /** Requests and page-cache readers using the fd now (tests). */
    long users() {
        return (users.get() & ~CLOSED) + (cache == null ? 0 : cache.readers());
    }
}
