package io.uring4j.buffers;

import io.uring4j.kernel.flags.CqeFlags;

/**
 * The bookkeeping of a {@link BufferRing}'s buffers: which are the application's (consumed and
 * not recycled), how many bytes of each incremental buffer completions took, and the ring
 * position where each was last placed (so a bundle can be followed in ring order). Enforces
 * that a buffer is consumed once and recycled once. Allocation-free.
 */
final class BufferOwnership {
    private final int groupId;
    private final int mask;
    private final int bufferSize;
    private final int bufferCount;
    private final boolean incremental;
    /** True while the application owns the buffer (between consume and recycle). */
    private final boolean[] held;
    /** Incremental rings: bytes of each buffer already handed out by completions. */
    private final int[] used;
    /** Ring position (free-running) where each buffer was last placed, and the buffer at each slot. */
    private final int[] positionOf;
    private final int[] slotBid;

    BufferOwnership(int groupId, int entries, int bufferSize, int bufferCount, boolean incremental) {
        this.groupId = groupId;
        this.mask = entries - 1;
        this.bufferSize = bufferSize;
        this.bufferCount = bufferCount;
        this.incremental = incremental;
        this.held = new boolean[bufferCount];
        this.used = new int[bufferCount];
        this.positionOf = new int[bufferCount];
        this.slotBid = new int[entries];
    }

    /** Buffer {@code bid} was written at ring {@code position}: it is the kernel's, unused. */
    void placed(int bid, int position) {
        slotBid[position & mask] = bid;
        positionOf[bid] = position;
        held[bid] = false;
        used[bid] = 0;
    }

    /** See {@link BufferRing#consume(int, int, int)}. */
    int consume(int bid, int res, int cqeFlags) {
        if ((cqeFlags & CqeFlags.BUFFER) == 0) {
            throw new IllegalArgumentException("the completion carries no buffer (IORING_CQE_F_BUFFER is not set in flags "
                    + CqeFlags.describe(cqeFlags) + "; res " + res + ")");
        }
        checkBid(bid);
        if (held[bid]) {
            throw new IllegalStateException("buffer " + bid + " of group " + groupId
                    + " is already the application's (consumed twice, or the completion is from another group)");
        }
        int bytes = Math.max(res, 0);
        int offset = used[bid];
        if (bytes > bufferSize - offset) {
            throw new IllegalStateException("the completion reports " + bytes + " bytes in buffer " + bid + " of group "
                    + groupId + ", but only " + (bufferSize - offset) + " of its " + bufferSize + " bytes are left");
        }
        if (incremental) {
            used[bid] = offset + bytes;
            if ((cqeFlags & CqeFlags.BUF_MORE) != 0) {
                return offset;
            }
        }
        held[bid] = true;
        return offset;
    }

    /** Refuses to recycle a buffer that is not the application's. */
    void checkRecyclable(int bid) {
        checkBid(bid);
        if (!held[bid]) {
            throw new IllegalStateException("buffer " + bid + " of group " + groupId + " is not the application's to recycle: "
                    + (incremental && used[bid] > 0 ? "the kernel is still filling it (its last completion had BUF_MORE)"
                            : "it is in the ring (never consumed, or recycled already)"));
        }
    }

    boolean isHeld(int bid) {
        checkBid(bid);
        return held[bid];
    }

    /**
     * Records a bundle completion: {@code res} bytes spread over the buffer {@code first} and the
     * buffers placed after it in ring order, each filled from where earlier completions left it
     * (always its start unless the ring is incremental). Writes each buffer's id, data offset and
     * data length into the arrays (at least {@link #bufferCount()} long) and returns how many
     * buffers the bytes cover. Those buffers become the application's, except, on an incremental
     * ring, the last one when the completion has {@code BUF_MORE}: the kernel keeps filling it.
     * Either records all or, on error, nothing.
     */
    int consumeBundle(int first, int res, int cqeFlags, int[] bids, int[] offsets, int[] lengths) {
        if (res <= 0) {
            return 0; // no data: the kernel took no buffer
        }
        if ((cqeFlags & CqeFlags.BUFFER) == 0) {
            throw new IllegalArgumentException("the completion carries no buffer (IORING_CQE_F_BUFFER is not set in flags "
                    + CqeFlags.describe(cqeFlags) + "; res " + res + ")");
        }
        checkBid(first);
        int start = positionOf[first];
        int remaining = res;
        int n = 0;
        while (remaining > 0) {
            if (n == bufferCount) {
                throw new IllegalStateException("a bundle of " + res + " bytes from buffer " + first
                        + " does not fit the " + bufferCount + " buffers of group " + groupId);
            }
            int position = start + n;
            int bid = slotBid[position & mask];
            if (positionOf[bid] != position || held[bid]) {
                throw new IllegalStateException("bundle from buffer " + first + " of group " + groupId + ": its buffer #"
                        + (n + 1) + " is no longer known (its ring slot was refilled, or the bundle was consumed"
                        + " already); read each bundle before recycling the buffers of later completions");
            }
            int offset = used[bid];
            int take = Math.min(bufferSize - offset, remaining);
            bids[n] = bid;
            offsets[n] = offset;
            lengths[n] = take;
            remaining -= take;
            n++;
        }
        boolean lastKept = incremental && (cqeFlags & CqeFlags.BUF_MORE) != 0;
        for (int i = 0; i < n; i++) {
            int bid = bids[i];
            if (incremental) {
                used[bid] = offsets[i] + lengths[i];
            }
            if (!lastKept || i < n - 1) {
                held[bid] = true;
            }
        }
        return n;
    }

    void checkBid(int bid) {
        if (bid < 0 || bid >= bufferCount) {
            throw new IllegalArgumentException("bid must be a buffer id of group " + groupId + ", 0 to "
                    + (bufferCount - 1) + "; was " + bid);
        }
    }
}
