package io.uring4j.buffers;

import io.uring4j.Ring;
import io.uring4j.Sqe;
import io.uring4j.internal.BufferGroupRecord;
import io.uring4j.internal.NativeAllocation;
import io.uring4j.internal.PageSize;
import io.uring4j.internal.RingAccess;
import io.uring4j.kernel.flags.BufferLimits;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Buffers for the legacy provided-buffer opcodes ({@code IORING_OP_PROVIDE_BUFFERS} /
 * {@code IORING_OP_REMOVE_BUFFERS}, Linux 5.7): a run of equal buffers carved from one segment
 * this object owns, with prep helpers that hand them to the kernel as a group and take them back.
 * {@link BufferRing} is the faster successor (no SQE per returned buffer); this exists for
 * completeness and for kernels' legacy paths.
 *
 * <p>Lifetime: the kernel keeps the address of every buffer it was given until a request selects
 * it or {@code REMOVE_BUFFERS} takes it back, so {@link #close()} frees the memory only when the
 * kernel can no longer write it: when no request naming the group is in flight and the group is
 * known empty (a {@code REMOVE_BUFFERS} removed fewer buffers than it asked for, found none, or
 * removed all that were provided and not handed out), or when the ring has closed. The first
 * prep that provides buffers ties the group to that ring: closing the ring frees the group's
 * memory too (exactly once, after its requests have ended), and the group may not be provided
 * through another ring.
 *
 * <pre>{@code
 * try (LegacyBufferGroup group = LegacyBufferGroup.allocate(5, 16, 2048)) {  // group 5: 16 x 2 KiB, ids 0..15
 *     group.provideAll(ring.nextSqe()).userData(1);
 *     ring.nextSqe().recvBufferSelect(socket, group.groupId()).userData(2);
 *     ...                                              // cqe.bufferId() names the buffer used
 *     group.provide(ring.nextSqe(), bid).userData(3);  // give it back
 *     ...
 *     group.removeAll(ring.nextSqe()).userData(4);     // res: how many were removed
 * }
 * }</pre>
 */
public final class LegacyBufferGroup implements AutoCloseable {
    private final int groupId;
    private final int firstBid;
    private final int count;
    private final int bufferSize;
    private final Arena arena;
    private final MemorySegment memory;
    private final MemorySegment[] views;
    private boolean closed;
    private boolean freed;
    /** The ring the buffers were provided through (null until the first provide). */
    private Ring ring;
    /** That ring's record of the group (null until the first provide). */
    private BufferGroupRecord record;
    /** Registered with that ring's close; forgotten when the group is closed first. */
    private final Runnable closeWithRing = this::close;

    private static void requireSqe(Sqe sqe) {
        if (sqe == null) {
            throw new IllegalArgumentException("sqe must not be null; pass the entry from Ring.nextSqe()");
        }
    }

    private LegacyBufferGroup(int groupId, int firstBid, int count, int bufferSize) {
        this.groupId = groupId;
        this.firstBid = firstBid;
        this.count = count;
        this.bufferSize = bufferSize;
        this.arena = Arena.ofShared();
        try {
            this.memory = arena.allocate((long) count * bufferSize, PageSize.BYTES);
        } catch (OutOfMemoryError e) {
            arena.close();
            throw NativeAllocation.tooLarge("count * bufferSize", (long) count * bufferSize, e);
        }
        this.views = new MemorySegment[count];
        for (int i = 0; i < count; i++) {
            views[i] = memory.asSlice((long) i * bufferSize, bufferSize);
        }
    }

    /**
     * {@code count} buffers of {@code bufferSize} bytes with ids 0 to {@code count - 1}.
     *
     * @param groupId the buffer group id, 0 to 65535
     * @param bufferSize bytes per buffer
     * @param count number of buffers, at least 1
     * @return the registration; close it to unregister
     */
    public static LegacyBufferGroup allocate(int groupId, int count, int bufferSize) {
        return allocate(groupId, 0, count, bufferSize);
    }

    /**
     * {@code count} buffers of {@code bufferSize} bytes with ids {@code firstBid} to
     * {@code firstBid + count - 1}.
     *
     * @param groupId  0 to {@link BufferLimits#MAX_GROUP_ID}
     * @param firstBid 0 or more; {@code firstBid + count} at most {@link BufferLimits#MAX_BIDS_PER_BGID}
     * @param count    1 to {@link BufferLimits#MAX_BIDS_PER_BGID}
     * @param bufferSize more than 0
     * @return the registration; close it to unregister
     * @throws IllegalArgumentException naming the value and its rule
     */
    public static LegacyBufferGroup allocate(int groupId, int firstBid, int count, int bufferSize) {
        if (groupId < 0 || groupId > BufferLimits.MAX_GROUP_ID) {
            throw new IllegalArgumentException("groupId must be from 0 to " + BufferLimits.MAX_GROUP_ID + "; was " + groupId);
        }
        if (count <= 0 || count > BufferLimits.MAX_BIDS_PER_BGID) {
            throw new IllegalArgumentException("count must be from 1 to " + BufferLimits.MAX_BIDS_PER_BGID + "; was " + count);
        }
        if (firstBid < 0 || (long) firstBid + count > BufferLimits.MAX_BIDS_PER_BGID) {
            throw new IllegalArgumentException("firstBid must be >= 0 and firstBid + count at most "
                    + BufferLimits.MAX_BIDS_PER_BGID + " (16-bit buffer ids); was " + firstBid + " + " + count);
        }
        if (bufferSize <= 0) {
            throw new IllegalArgumentException("bufferSize must be > 0; was " + bufferSize);
        }
        return new LegacyBufferGroup(groupId, firstBid, count, bufferSize);
    }

    /**
     * Preps {@code sqe} to provide every buffer of the group ({@code PROVIDE_BUFFERS}); {@code res} is 0 on success.
     *
     * @param sqe the SQE to fill (from {@code Ring.nextSqe()})
     * @return the sqe, to add flags and user_data
     */
    public Sqe provideAll(Sqe sqe) {
        checkOpen();
        requireSqe(sqe);
        tieTo(sqe);
        return sqe.provideBuffers(memory, bufferSize, count, groupId, firstBid);
    }

    /**
     * Preps {@code sqe} to provide buffer {@code bid} again, after a completion handed it out.
     *
     * @param sqe the SQE to fill (from {@code Ring.nextSqe()})
     * @param bid a buffer id of this group, from 0 to {@code bufferCount() - 1}
     * @return the sqe, to add flags and user_data
     */
    public Sqe provide(Sqe sqe, int bid) {
        requireSqe(sqe);
        MemorySegment buffer = buffer(bid);
        tieTo(sqe);
        return sqe.provideBuffers(buffer, bufferSize, 1, groupId, bid);
    }

    /**
     * Preps {@code sqe} to take up to {@code n} buffers of the group back from the kernel
     * ({@code REMOVE_BUFFERS}); {@code res} is the number removed, {@code -ENOENT} when the group
     * has none.
     *
     * @param n 1 to {@link BufferLimits#MAX_BIDS_PER_BGID}
     * @param sqe the SQE to fill (from {@code Ring.nextSqe()})
     * @return the sqe, to add flags and user_data
     */
    public Sqe remove(Sqe sqe, int n) {
        checkOpen();
        requireSqe(sqe);
        if (n <= 0 || n > BufferLimits.MAX_BIDS_PER_BGID) {
            throw new IllegalArgumentException("n must be from 1 to " + BufferLimits.MAX_BIDS_PER_BGID + "; was " + n);
        }
        return sqe.removeBuffers(n, groupId);
    }

    /**
     * {@link #remove(Sqe, int)} for as many buffers as the group has.
     *
     * @param sqe the SQE to fill (from {@code Ring.nextSqe()})
     * @return the sqe, to add flags and user_data
     */
    public Sqe removeAll(Sqe sqe) {
        return remove(sqe, count);
    }

    /**
     * Buffer {@code bid} (sliced once, no allocation).
     *
     * @param bid a buffer id of this group, from 0 to {@code bufferCount() - 1}
     * @return the buffer's whole segment
     * @throws IllegalArgumentException when {@code bid} is not one of the group's ids
     */
    public MemorySegment buffer(int bid) {
        checkOpen();
        if (bid < firstBid || bid - firstBid >= count) {
            throw new IllegalArgumentException("bid must be from " + firstBid + " to " + (firstBid + count - 1)
                    + "; was " + bid);
        }
        return views[bid - firstBid];
    }

    /** {@return the buffer group id} */
    public int groupId() {
        return groupId;
    }

    /** {@return the id of the first buffer} */
    public int firstBid() {
        return firstBid;
    }

    /** {@return the number of buffers} */
    public int count() {
        return count;
    }

    /** {@return bytes per buffer} */
    public int bufferSize() {
        return bufferSize;
    }

    /** {@return true once {@link #close()} has run} */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Ties the group to the ring of {@code sqe} on its first provide, so that the ring's close
     * frees it; refuses a second ring, whose close would free memory the first still holds.
     */
    private synchronized void tieTo(Sqe sqe) {
        if (sqe == null) {
            throw new IllegalArgumentException("sqe must not be null");
        }
        Ring target = RingAccess.get().ringOf(sqe);
        if (target == null || target == ring) {
            return;
        }
        if (ring != null) {
            throw new IllegalArgumentException("sqe: buffer group " + groupId + " was provided through " + ring
                    + "; one group belongs to one ring (allocate another group for " + target + ")");
        }
        RingAccess.get().onClose(target, closeWithRing);
        ring = target;
        record = RingAccess.get().groups(target).record(groupId);
    }

    /**
     * Closes the group for the application; its memory is freed now if the kernel cannot write
     * it, else as soon as it cannot (see the class description). Idempotent and exactly once,
     * also when the ring's close (on another thread) frees the group at the same time.
     */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (ring == null) {
                free();
                return;
            }
            RingAccess.get().forgetOnClose(ring, closeWithRing);
            record.freeWhenIdle(this::free);
        }
    }

    /** {@return true once the memory is freed: after {@link #close()}, when the kernel can no longer write it} */
    public synchronized boolean isReleased() {
        return freed;
    }

    private void free() {
        synchronized (this) {
            if (freed) {
                return;
            }
            freed = true;
        }
        arena.close();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the buffer group " + groupId + " is closed");
        }
    }
}
