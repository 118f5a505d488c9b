package io.uring4j.buffers;

import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.Sqe;
import io.uring4j.UringException;
import io.uring4j.internal.BufferGroupRecord;
import io.uring4j.internal.NativeAllocation;
import io.uring4j.internal.PageSize;
import io.uring4j.internal.RegisterCall;
import io.uring4j.internal.RingAccess;
import io.uring4j.kernel.flags.CqeFlags;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A provided-buffer ring ({@code IORING_REGISTER_PBUF_RING}): a group of equal buffers the
 * kernel picks from when a request carries {@code IOSQE_BUFFER_SELECT} and names the group
 * (e.g. {@link Sqe#recvBufferSelect(int, int)}, {@link Sqe#recvMultishot(int, int)},
 * {@link Sqe#recvBundle(int, int)}). The completion says which buffer it used
 * ({@link Cqe#bufferId()}); the application reads it and gives it back with {@link #recycle(int)}.
 *
 * <p>The buffers are slices of one page-aligned segment this object owns; the ring memory is
 * either allocated here too or, with {@link BufferRingOptions.Builder#kernelMapped()}, allocated
 * by the kernel and mapped from the ring fd. At registration every buffer is placed in the ring.
 *
 * <p>Ownership of each buffer is tracked: {@link #consume(Cqe)} records that a completion handed
 * a buffer to the application, {@link #recycle(int)} accepts only such a buffer, so a buffer can
 * never sit in the ring twice. With incremental consumption
 * ({@link BufferRingOptions.Builder#incremental()}) {@code consume} also tracks how far each
 * buffer is used and returns where a completion's bytes start; the buffer comes to the
 * application only with the completion that lacks {@code IORING_CQE_F_BUF_MORE}.
 *
 * <p>{@link #buffer(int)}, {@link #consume}, {@link #recycle(int)}, {@link #stage(int)} and
 * {@link #publish()} allocate nothing. Not thread-safe: use it from the thread that reaps the
 * ring's completions. Registration, {@link #head()} and {@link #close()} go through
 * io_uring_register and follow the ring's thread rules.
 *
 * {@snippet class=io.uring4j.snippets.Snippets region=bufferRing}
 */
public final class BufferRing implements AutoCloseable {
    private static final int U16 = 0xFFFF;

    private final Ring ring;
    private final int groupId;
    private final int entries;
    private final int bufferSize;
    private final int bufferCount;
    private final boolean incremental;
    private final boolean kernelMapped;

    /** Owns the buffers, the ring memory (or the view of the kernel's) and the register arguments. */
    private final Arena arena;
    private final BufferRingMapping mapping;
    /** One view per buffer id, sliced once so that lookups allocate nothing. */
    private final MemorySegment[] views;

    /** Which buffers are the application's, and where each was last placed in the ring. */
    private final BufferOwnership ownership;

    /** Writes and publishes the ring's entries. */
    private final BufferRingTail tail;
    private boolean closed;
    private boolean freed;
    /** The ring's record of this group: requests in flight that may select from it. */
    private final BufferGroupRecord record;
    /** Registered with the ring's close; forgotten when this is closed first. */
    private final Runnable closeWithRing = this::close;

    private BufferRing(Ring ring, BufferRingOptions o, Arena arena) {
        this.ring = ring;
        this.groupId = o.groupId();
        this.entries = o.entries();
        this.bufferSize = o.bufferSize();
        this.bufferCount = o.bufferCount();
        this.incremental = o.incremental();
        this.kernelMapped = o.kernelMapped();
        this.arena = arena;
        this.record = RingAccess.get().groups(ring).record(groupId);
        MemorySegment data;
        try {
            data = arena.allocate((long) bufferCount * bufferSize, PageSize.BYTES);
        } catch (OutOfMemoryError e) {
            throw NativeAllocation.tooLarge("bufferCount * bufferSize", (long) bufferCount * bufferSize, e);
        }
        this.views = new MemorySegment[bufferCount];
        for (int bid = 0; bid < bufferCount; bid++) {
            views[bid] = data.asSlice((long) bid * bufferSize, bufferSize);
        }
        this.ownership = new BufferOwnership(groupId, entries, bufferSize, bufferCount, incremental);
        this.mapping = new BufferRingMapping(ring, groupId, entries, kernelMapped, incremental, arena);
        this.tail = new BufferRingTail(mapping.memory, entries, data.address(), bufferSize, ownership);
        for (int bid = 0; bid < bufferCount; bid++) {
            tail.add(bid);
        }
        tail.publish();
    }

    /**
     * Registers a ring of {@code entries} buffers of {@code bufferSize} bytes as group
     * {@code groupId}; see {@link BufferRingOptions#of(int, int, int)}.
     *
     * @param ring the ring; the calling thread must be allowed to submit or register on it
     * @param groupId the buffer group id, 0 to 65535
     * @param entries ring entries, a power of two
     * @param bufferSize bytes per buffer
     * @return the registration; close it to unregister
     */
    public static BufferRing register(Ring ring, int groupId, int entries, int bufferSize) {
        return register(ring, BufferRingOptions.of(groupId, entries, bufferSize));
    }

    /**
     * Allocates the buffers (and the ring memory unless the kernel maps it), registers the ring
     * with {@code IORING_REGISTER_PBUF_RING} and places every buffer in it.
     *
     * @param ring the ring; the calling thread must be allowed to submit or register on it
     * @param options group id, sizes and modes
     * @return the registration; close it to unregister
     * @throws IllegalArgumentException when {@code ring} or {@code options} is null
     * @throws IllegalStateException    when the ring is closed, or on a thread other than a
     *                                  single-issuer ring's owner
     * @throws UringException           when the kernel refuses (e.g. {@code EEXIST}: the group id
     *                                  is taken; {@code ENOMEM}: the memory-lock limit)
     */
    public static BufferRing register(Ring ring, BufferRingOptions options) {
        if (ring == null) {
            throw new IllegalArgumentException("ring must not be null");
        }
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        if (ring.isClosed()) {
            throw new IllegalStateException("the ring is closed");
        }
        Arena arena = Arena.ofShared();
        BufferRing created;
        try {
            created = new BufferRing(ring, options, arena);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
        try {
            // Closing the ring frees the buffers too, exactly once (see close()).
            RingAccess.get().onClose(ring, created.closeWithRing);
        } catch (RuntimeException e) {
            created.close(); // the ring closed meanwhile
            throw e;
        }
        return created;
    }

    // ---------------------------------------------------------------- properties

    /** {@return the buffer group id requests name to pick from this ring} */
    public int groupId() {
        return groupId;
    }

    /**
     * Ring entries (a power of two).
     *
     * @return ring entries, a power of two
     */
    public int entries() {
        return entries;
    }

    /** {@return bytes per buffer} */
    public int bufferSize() {
        return bufferSize;
    }

    /** {@return number of buffers; their ids are 0 to this - 1} */
    public int bufferCount() {
        return bufferCount;
    }

    /** {@return true with {@code IOU_PBUF_RING_INC}: a buffer may serve several completions} */
    public boolean isIncremental() {
        return incremental;
    }

    /** {@return true when the kernel allocated the ring memory ({@code IOU_PBUF_RING_MMAP})} */
    public boolean isKernelMapped() {
        return kernelMapped;
    }

    /** {@return the ring this buffer group is registered with} */
    public Ring ring() {
        return ring;
    }

    /** {@return true once {@link #close()} has run} */
    public boolean isClosed() {
        return closed;
    }

    /**
     * {@return true once the group is unregistered and its memory freed} After {@link #close()}
     * that waits for the final completion of every request that may select from the group.
     */
    public synchronized boolean isReleased() {
        return freed;
    }

    // ---------------------------------------------------------------- hot path

    /**
     * The whole buffer with id {@code bid}: a view sliced at registration, so this allocates
     * nothing. The bytes a completion delivered are {@code [offset, offset + res)}, with the
     * offset {@link #consume(Cqe)} returned.
     *
     * @param bid a buffer id of this group, from 0 to {@code bufferCount() - 1}
     * @return the buffer's whole segment
     * @throws IllegalArgumentException when {@code bid} is not a buffer id of this ring
     * @throws IllegalStateException    after close
     */
    public MemorySegment buffer(int bid) {
        checkOpen();
        ownership.checkBid(bid);
        return views[bid];
    }

    /**
     * Records what a completion that carries a buffer ({@code IORING_CQE_F_BUFFER}) did with it,
     * and returns where its bytes start in {@link #buffer(int) buffer(cqe.bufferId())}.
     * Call it once per such completion, in completion order.
     *
     * <p>Without incremental consumption the buffer now belongs to the application and the
     * offset is 0. With it, the offset is the number of bytes earlier completions took from the
     * buffer; the buffer becomes the application's only when this completion lacks
     * {@code IORING_CQE_F_BUF_MORE} (otherwise the kernel keeps filling it and it must not be
     * recycled).
     *
     * @param cqe the completion, valid during this call only
     * @return the offset of the completion's first byte in the buffer
     * @throws IllegalArgumentException when the completion carries no buffer, or names a buffer
     *                                  id this ring does not have
     * @throws IllegalStateException    when the buffer is already the application's (consumed
     *                                  twice, or the completion belongs to another group), when
     *                                  the completion reports more bytes than the buffer has
     *                                  left, or after close
     */
    public int consume(Cqe cqe) {
        int flags = cqe.flags();
        return consume(flags >>> CqeFlags.BUFFER_SHIFT, cqe.res(), flags);
    }

    /**
     * {@link #consume(Cqe)} from values copied out of a completion: its buffer id, {@code res}
     * and {@code flags}.
     *
     * @param bid a buffer id of this group, from 0 to {@code bufferCount() - 1}
     * @param res a completion's {@code res}
     * @param cqeFlags the completion's flags ({@link io.uring4j.kernel.flags.CqeFlags})
     * @return the offset of the completion's first byte in the buffer
     */
    public int consume(int bid, int res, int cqeFlags) {
        checkOpen();
        return ownership.consume(bid, res, cqeFlags);
    }

    /**
     * Gives buffer {@code bid} back to the kernel: writes it at the ring's tail and publishes the
     * tail (with any buffers {@link #stage staged} before).
     *
     * @param bid a buffer id of this group, from 0 to {@code bufferCount() - 1}
     * @throws IllegalArgumentException when {@code bid} is not a buffer id of this ring
     * @throws IllegalStateException    when the buffer is not the application's (never consumed,
     *                                  already recycled, or still being filled incrementally), or after close
     */
    public void recycle(int bid) {
        stage(bid);
        publish();
    }

    /**
     * Like {@link #recycle(int)}, but leaves the tail unpublished: the kernel sees the buffer
     * only after {@link #publish()}, so several buffers cost one release store.
     *
     * @param bid a buffer id of this group, from 0 to {@code bufferCount() - 1}
     */
    public void stage(int bid) {
        checkOpen();
        ownership.checkRecyclable(bid);
        tail.add(bid);
    }

    /** Makes every {@link #stage staged} buffer visible to the kernel (one release store of the tail). */
    public void publish() {
        checkOpen();
        tail.publish();
    }

    // ---------------------------------------------------------------- status

    /**
     * The kernel's head ({@code IORING_REGISTER_PBUF_STATUS}, Linux 6.8): the 16-bit index of the
     * next entry it will take. One system call; not for the hot path.
     *
     * @return the kernel's head, 0 to 65535
     */
    public int head() {
        checkOpen();
        return mapping.head();
    }

    /** {@return the published tail as the kernel sees it (16 bits): entries the application has provided so far} */
    public int tail() {
        checkOpen();
        return tail.published();
    }

    /** {@return buffers in the ring that the kernel has not taken: published tail minus {@link #head()}} One system call. */
    public int available() {
        return (tail() - head()) & U16;
    }

    /**
     * {@return true while buffer {@code bid} is the application's (consumed and not yet recycled)}
     *
     * @param bid a buffer id of this group, from 0 to {@code bufferCount() - 1}
     */
    public boolean isHeld(int bid) {
        checkOpen();
        return ownership.isHeld(bid);
    }

    // ---------------------------------------------------------------- bundles

    /** See {@link BufferOwnership#consumeBundle}. */
    int consumeBundle(int first, int res, int cqeFlags, int[] bids, int[] offsets, int[] lengths) {
        checkOpen();
        return ownership.consumeBundle(first, res, cqeFlags, bids, offsets, lengths);
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Closes the group for the application, then unregisters it ({@code IORING_UNREGISTER_PBUF_RING})
     * and unmaps and frees its memory once no request that may select from it is in flight: at
     * once when none is, else at the final completion (a CQE without {@code F_MORE}) of the last
     * buffer-select request naming the group (multishot included), or when the ring closes after
     * its requests have ended. The kernel therefore never writes a freed buffer. Idempotent and
     * exactly once: closing the {@link Ring} closes this too, and a close racing with the ring's
     * on another thread frees once. When the {@link Ring} is closed already, only frees.
     *
     * <p>A deferred release runs on the thread that reaps the last completion; if the kernel then
     * refuses to unregister, the memory stays allocated (logged on {@code io.uring4j.lifetime}).
     *
     * @throws IllegalStateException on a thread other than a single-issuer ring's owner (the ring
     *                               stays registered and this object open)
     * @throws UringException        when the kernel refuses to unregister (the memory is kept)
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (!ring.isClosed()) {
            RegisterCall.on(ring); // the thread rule, before anything changes
        }
        closed = true;
        RingAccess.get().forgetOnClose(ring, closeWithRing);
        record.freeWhenIdle(this::free);
    }

    /** Unregisters (unless the ring is closed) and frees; exactly once. */
    private void free() {
        synchronized (this) {
            if (freed) {
                return;
            }
            mapping.unregisterIfRingOpen(); // throws: kept registered, and so allocated
            freed = true;
        }
        arena.close();
        mapping.unmap();
    }

    @Override
    public String toString() {
        return "BufferRing[group=" + groupId + ", entries=" + entries + ", buffers=" + bufferCount + " x " + bufferSize
                + (kernelMapped ? ", kernelMapped" : "") + (incremental ? ", incremental" : "")
                + (closed ? ", closed" : "") + "]";
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the buffer ring (group " + groupId + ") is closed");
        }
    }
}
