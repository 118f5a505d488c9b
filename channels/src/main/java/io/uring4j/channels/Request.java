package io.uring4j.channels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * One request slot of a {@link ChannelRing}: the identity the kernel sees in user_data (slot index
 * and generation) and everything that must stay alive until the request's one completion arrives —
 * the caller's direct buffer, the pooled chunk a heap buffer is staged in, the iovec array. Slots
 * are reused; nothing here is released before {@link #done} is set by the completion.
 */
final class Request {
    /** Operations a request can carry (what the ring thread preps). */
    static final int READ = 1, WRITE = 2, READV = 3, WRITEV = 4, STATX = 5, FTRUNCATE = 6, FSYNC = 7, OPENAT = 8,
            CLOSE = 9, CANCEL_FD = 10, CANCEL = 11;

    final ChannelRing home;
    final int index;
    /** Bumped at every reuse, so a late or duplicated completion cannot reach the next owner. */
    int generation;

    /** The parked owner of a blocking request, or null for an asynchronous one. */
    Thread waiter;
    /** Set by the completion (or by a failed submit) with release semantics, read by the owner. */
    volatile boolean done;
    /** Handed to the kernel: from here until {@link #done} nothing it references may be released. */
    boolean submitted;
    int result;

    /** Strong references the kernel's view of memory depends on, kept until completion. */
    ByteBuffer buffer;
    ByteBuffer[] buffers;
    NativeChunks.Chunk chunk;

    /** Asynchronous completion, run on the ring thread; null for a blocking request. */
    AsyncOp async;

    /**
     * The operation, as the ring thread will prep it: {@link #READ} and the like, the fd, the
     * memory ({@code memory}; {@code memory2} is statx's path), an offset (or a length, a mode, a
     * target user_data) and a flags argument.
     */
    int op;
    int fd;
    MemorySegment memory;
    MemorySegment memory2;
    long offset;
    int arg;
    /** Link in the ring's submission stack. */
    Request next;

    /** iovec array memory, grown on demand, and its last-used slice. */
    private MemorySegment iovecs;
    private MemorySegment iovecSlice;

    Request(ChannelRing home, int index) {
        this.home = home;
        this.index = index;
    }

    /** user_data of the current use: generation in the high half, slot index in the low half. */
    long userData() {
        return ((long) generation << 32) | index;
    }

    /** Marks the slot taken for a new request. */
    void reset(Thread owner, AsyncOp op) {
        generation++;
        waiter = owner;
        async = op;
        result = 0;
        done = false;
        submitted = false;
    }

    /** The direct buffer itself, kept referenced until the completion. */
    MemorySegment inPlace(ByteBuffer direct) {
        buffer = direct;
        return ThreadScratch.get().segment(direct);
    }

    /** An iovec array of {@code count} entries owned by this slot. */
    MemorySegment iovecs(int count) {
        long bytes = (long) count * IovecArray.ENTRY;
        if (iovecs == null || iovecs.byteSize() < bytes) {
            // Grown and never shrunk; it lives as long as the slot (the table keeps slots).
            iovecs = Arena.ofAuto().allocate(Math.max(bytes, 16L * IovecArray.ENTRY), Long.BYTES);
            iovecSlice = null;
        }
        if (iovecSlice == null || iovecSlice.byteSize() != bytes) {
            iovecSlice = iovecs.asSlice(0, bytes);
        }
        return iovecSlice;
    }

    /** Drops the references a finished request held (the kernel is done with them). */
    void clearReferences() {
        memory = null;
        memory2 = null;
        buffer = null;
        buffers = null;
        async = null;
        waiter = null;
    }
}
