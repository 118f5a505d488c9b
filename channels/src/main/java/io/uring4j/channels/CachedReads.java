package io.uring4j.channels;

import io.uring4j.kernel.flags.RwFlags;
import io.uring4j.kernel.structs.Iovec;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;

/**
 * The page-cache fast path of one buffered file's reads: {@code preadv2(..., RWF_NOWAIT)}, which
 * copies what is cached and returns at once, or fails (EAGAIN) instead of waiting for the disk. A
 * read the cache can serve costs one short system call instead of an io_uring request, a park
 * and an unpark; anything else goes to the ring. It never waits for I/O, so a virtual thread
 * making it holds its carrier only for the copy.
 *
 * <p>A file that is mostly not cached would pay a failed system call per read: after
 * {@link #MISS_LIMIT} misses in a row only one read in {@link #PROBE_EVERY} tries the cache,
 * until one hits. The counters are racy on purpose: a hint, not a contract.
 *
 * <p>The runtime has no public preadv2 (its libc downcalls are internal), so this class makes
 * its own downcall; it is the one place to switch when the runtime offers one.
 */
final class CachedReads {
    private static final MethodHandle PREADV2 = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("preadv2").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT),
            Linker.Option.critical(false));

    /** System property: {@code false} sends every read through the ring (no page-cache fast path). */
    static final String PROPERTY = "io.uring4j.channels.cacheFirst";
    /** Whether buffered reads try the page cache first; tests switch it to cover both paths. */
    static volatile boolean enabled = !"false".equals(System.getProperty(PROPERTY));
    /** What {@link #read} returns when the cache could not serve the read. */
    static final int NOT_CACHED = Integer.MIN_VALUE;
    private static final int MISS_LIMIT = 8;
    private static final int PROBE_EVERY = 64;

    private final int fd;
    private final NativeChunks chunks;
    /** Threads inside {@link #readIfCached}, striped: no cache line shared with readers on other cores. */
    private final StripedCount readers = new StripedCount();
    private int misses;
    private int probes;

    CachedReads(int fd, NativeChunks chunks) {
        this.fd = fd;
        this.chunks = chunks;
    }

    /** Whether the next read should try the cache: not while it keeps missing. */
    boolean worthTrying() {
        return enabled && (misses < MISS_LIMIT || ++probes % PROBE_EVERY == 0);
    }

    /**
     * The page-cache read on its own, for a channel's fast path: it never blocks, so it needs
     * neither the channel's interrupt hook nor a request. It counts itself in and out of this
     * file's {@link #readers} (not the file's request count, which every core would share), so
     * a close cannot close the fd under it: the close sees it, or it sees the close. Not tried
     * for an empty buffer or a closed file.
     *
     * @return bytes read, -1 at end of file, or {@link #NOT_CACHED}
     */
    int readIfCached(UringFile file, ByteBuffer dst, long position) {
        if (!worthTrying() || !dst.hasRemaining()) {
            return NOT_CACHED;
        }
        int stripe = readers.enter();
        try {
            return file.isClosed() ? NOT_CACHED : read(dst, position);
        } finally {
            readers.exit(stripe);
            if (file.isClosed()) {
                file.closeFdIfUnused(false); // the last one out of a closed file closes the fd
            }
        }
    }

    /** Threads inside {@link #readIfCached} now. */
    long readers() {
        return readers.sum();
    }

    /**
     * Reads into {@code dst} (from its position; advanced by what was read) from the page cache
     * only. No ring request, no slot; a heap buffer is staged through a pooled chunk taken and
     * given back here (the call is synchronous: the kernel is done with it on return). The caller
     * holds the file open ({@link UringFile#enter()} or {@link #readIfCached}).
     *
     * @return bytes read, -1 at end of file, or {@link #NOT_CACHED} (any error included: the
     *         ring's read then reports it)
     */
    int read(ByteBuffer dst, long position) {
        ThreadScratch scratch = ThreadScratch.get();
        MemorySegment iov = scratch.iovec;
        int n;
        NativeChunks.Chunk chunk = null;
        long address;
        if (dst.isDirect()) {
            address = scratch.segment(dst).address();
            n = dst.remaining();
        } else {
            n = Math.min(dst.remaining(), NativeChunks.MAX_CHUNK);
            chunk = chunks.take(n);
            address = chunk.memory.address();
        }
        try {
            Iovec.iovBase(iov, 0, address);
            Iovec.iovLen(iov, 0, n);
            long got = preadv2(fd, iov.address(), position);
            Reference.reachabilityFence(dst);
            if (got < 0) {
                misses++;
                return NOT_CACHED;
            }
            if (misses != 0) {
                misses = 0; // written only on a change: every thread reading this file shares the field
            }
            if (got == 0) {
                return -1;
            }
            if (chunk != null) {
                dst.put(dst.position(), chunk.view, 0, (int) got);
            }
            dst.position(dst.position() + (int) got);
            return (int) got;
        } finally {
            if (chunk != null) {
                chunks.give(chunk);
            }
        }
    }

    /** One iovec's worth, from the cache only: bytes read, or a negative value when not cached (or failed). */
    private static long preadv2(int fd, long iovec, long position) {
        try {
            return (long) PREADV2.invokeExact(fd, iovec, 1, position, RwFlags.NOWAIT);
        } catch (Throwable t) {
            throw new AssertionError("preadv2 downcall", t);
        }
    }
}
