package io.uring4j.context;

import io.uring4j.multishot.Multishot;
import java.util.Arrays;

/**
 * Extended mode of {@code user_data}: a fixed pool of context slots, one pool per ring, whose
 * tokens carry a slot index and a generation, so a completion that arrives after its slot was
 * released (or a duplicated one) resolves as {@link Resolution#STALE} instead of reaching the
 * slot's next owner.
 *
 * <p>Each slot holds {@link #longsPerSlot()} caller longs and one attachment. State is kept in
 * parallel arrays (structure of arrays) sized at construction, so {@link #acquire()},
 * {@link #resolve(long)}, {@link #release(long)} and the accessors never allocate.
 *
 * <p>Token layout (the {@code user_data} of a slot):
 * <table>
 *   <caption>extended user_data</caption>
 *   <tr><th>bits</th><th>width</th><th>field</th></tr>
 *   <tr><td>63</td><td>1</td><td>mode tag, 1 = extended (see {@link DirectUserData})</td></tr>
 *   <tr><td>32..62</td><td>31</td><td>generation of the slot when it was acquired</td></tr>
 *   <tr><td>0..31</td><td>32</td><td>slot index, below {@link #capacity()}</td></tr>
 * </table>
 * A slot's generation advances by one on every release and wraps from 2<sup>31</sup>-1 to 0.
 * A stale token could therefore only be mistaken for a live one if its slot were released
 * exactly 2<sup>31</sup> times (or a multiple) while the old completion was still unread, which
 * bounds the ABA risk at 2<sup>31</sup> reuses of one slot. Free slots are reused last-in
 * first-out, which keeps hot slots in cache.
 *
 * <p>{@link #EXHAUSTED} ({@code -1L}) can never be a token: its index field is
 * {@code 0xFFFFFFFF}, above any capacity, and bit 63 keeps it out of direct mode.
 *
 * <p>Multishot contract: a slot stays live across all completions of one request. The kernel
 * sets {@code IORING_CQE_F_MORE} on every completion but the last; release the slot on the
 * completion without it ({@code !cqe.isMore()}). This also covers zero-copy sends, whose final
 * completion is the notification. Linked requests may share one token; release it when the last
 * of them completes.
 *
 * <p>Tokens mean something only to the pool that issued them: a token from another pool with an
 * index in range resolves as that slot's state here. Not thread-safe: one pool per ring, used by
 * the ring's owner thread.
 *
 * <p>Example:
 * {@snippet class=io.uring4j.snippets.Snippets region=contextPool}
 */
public final class ContextPool {
    /** What {@link #acquire()} answers when every slot is in use; never a valid token. */
    public static final long EXHAUSTED = -1L;

    /** The largest capacity a pool may have. */
    public static final int MAX_CAPACITY = 1 << 30;

    // JVM arrays reliably hold up to this many elements.
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final long INDEX_MASK = 0xFFFF_FFFFL;
    private static final int GENERATION_MASK = 0x7FFF_FFFF;
    // Bit 31 of a slot's state marks it live. It sits where the mode tag lands in the token's upper
    // half, so the upper 32 bits of a live slot's token equal its state word exactly.
    private static final int LIVE = 0x8000_0000;

    private final int capacity;
    private final int longsPerSlot;
    private final long[] longs;
    private final Object[] attachments;
    private final int[] state;
    private final int[] free;
    private int freeTop;
    private long staleSeen;
    private long rejectedReleases;

    /**
     * A pool of {@code capacity} slots, each with {@code longsPerSlot} longs and one attachment.
     * All slots start free, generation 0, with zeroed longs and no attachment.
     *
     * @param capacity     1..{@value #MAX_CAPACITY}; at least the ring's in-flight request limit
     * @param longsPerSlot caller longs per slot, 0 or more; {@code capacity * longsPerSlot} must fit a Java array
     * @throws IllegalArgumentException naming the parameter that is out of range
     */
    public ContextPool(int capacity, int longsPerSlot) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be in 1.." + MAX_CAPACITY + "; was " + capacity);
        }
        if (longsPerSlot < 0) {
            throw new IllegalArgumentException("longsPerSlot must be >= 0; was " + longsPerSlot);
        }
        if ((long) capacity * longsPerSlot > MAX_ARRAY) {
            throw new IllegalArgumentException("capacity * longsPerSlot must be at most " + MAX_ARRAY + "; was "
                    + capacity + " * " + longsPerSlot);
        }
        this.capacity = capacity;
        this.longsPerSlot = longsPerSlot;
        this.longs = new long[capacity * longsPerSlot];
        this.attachments = new Object[capacity];
        this.state = new int[capacity];
        this.free = new int[capacity];
        // Pushed in reverse so the first acquire hands out slot 0.
        for (int i = 0; i < capacity; i++) {
            free[i] = capacity - 1 - i;
        }
        this.freeTop = capacity;
    }

    /**
     * Takes a free slot and returns its token, to be written as the SQE's {@code user_data}.
     *
     * @return the token (bit 63 set), or {@link #EXHAUSTED} when every slot is in use
     */
    public long acquire() {
        if (freeTop == 0) {
            return EXHAUSTED;
        }
        int slot = free[--freeTop];
        int live = state[slot] | LIVE;
        state[slot] = live;
        return (long) live << 32 | slot;
    }

    /**
     * The slot a completion's {@code user_data} names, if that slot is still held under the
     * token's generation. A {@link Resolution#STALE} answer also counts in {@link #staleSeen()}.
     *
     * @param userData the {@code user_data} to match or to set
     * @return the slot index ({@code >= 0}), or {@link Resolution#STALE}, {@link Resolution#FOREIGN}
     *         or {@link Resolution#OUT_OF_RANGE}
     */
    public int resolve(long userData) {
        int slot = check(userData);
        if (slot == Resolution.STALE) {
            staleSeen++;
        }
        return slot;
    }

    /**
     * Frees the slot of a live token: its generation advances (so later completions carrying
     * this token resolve as stale), its longs are zeroed and its attachment dropped.
     *
     * @param userData the {@code user_data} to match or to set
     * @return true if the slot was released; false if the token is not live (already released,
     *         stale, direct-mode or out of range), which also counts in {@link #rejectedReleases()}
     */
    public boolean release(long userData) {
        int slot = check(userData);
        if (slot < 0) {
            rejectedReleases++;
            return false;
        }
        state[slot] = (state[slot] + 1) & GENERATION_MASK;
        int base = slot * longsPerSlot;
        Arrays.fill(longs, base, base + longsPerSlot, 0L);
        attachments[slot] = null;
        free[freeTop++] = slot;
        return true;
    }

    /**
     * The token of a live slot, e.g. to submit another request (a re-armed multishot, a linked
     * request) under the same identity.
     *
     * @param slot a slot index, below {@link #capacity()}
     * @return the token of the slot's current generation
     * @throws IllegalArgumentException if {@code slot} is not below {@link #capacity()}
     * @throws IllegalStateException if the slot is not held
     */
    public long userData(int slot) {
        return (long) state[liveSlot(slot)] << 32 | slot;
    }

    /**
     * Long {@code i} of a live slot.
     *
     * @param slot a slot index, below {@link #capacity()}
     * @param i which of the slot's longs, from 0 to {@code longsPerSlot() - 1}
     * @return the stored value
     * @throws IllegalArgumentException if {@code slot} or {@code i} is out of range
     * @throws IllegalStateException if the slot is not held
     */
    public long get(int slot, int i) {
        return longs[index(slot, i)];
    }

    /**
     * Sets long {@code i} of a live slot.
     *
     * @param slot a slot index, below {@link #capacity()}
     * @param i which of the slot's longs, from 0 to {@code longsPerSlot() - 1}
     * @param value the value to store
     * @throws IllegalArgumentException if {@code slot} or {@code i} is out of range
     * @throws IllegalStateException if the slot is not held
     */
    public void set(int slot, int i, long value) {
        longs[index(slot, i)] = value;
    }

    /**
     * The attachment of a live slot, or null.
     *
     * @param slot a slot index, below {@link #capacity()}
     * @return the attachment, or null
     * @throws IllegalArgumentException if {@code slot} is out of range
     * @throws IllegalStateException if the slot is not held
     */
    public Object attachment(int slot) {
        return attachments[liveSlot(slot)];
    }

    /**
     * Sets (or, with null, clears) the attachment of a live slot.
     *
     * @param slot a slot index, below {@link #capacity()}
     * @param attachment any object the slot keeps for its owner, or null
     * @throws IllegalArgumentException if {@code slot} is out of range
     * @throws IllegalStateException if the slot is not held
     */
    public void attach(int slot, Object attachment) {
        attachments[liveSlot(slot)] = attachment;
    }

    /** {@return number of slots currently held} */
    public int inUse() {
        return capacity - freeTop;
    }

    /** {@return number of slots in the pool} */
    public int capacity() {
        return capacity;
    }

    /** {@return number of longs each slot holds} */
    public int longsPerSlot() {
        return longsPerSlot;
    }

    /** {@return how many times {@link #resolve(long)} answered {@link Resolution#STALE}} */
    public long staleSeen() {
        return staleSeen;
    }

    /** {@return how many times {@link #release(long)} answered false (double or stale releases, foreign values)} */
    public long rejectedReleases() {
        return rejectedReleases;
    }

    /** Test hook: sets the generation of a free slot, to reach the wrap-around without 2^31 releases. */
    void generation(int slot, int generation) {
        if (state[slot] < 0) {
            throw new IllegalStateException("slot " + slot + " is held");
        }
        state[slot] = generation & GENERATION_MASK;
    }

    // resolve without the counter: the slot index, or the negative Resolution code.
    private int check(long userData) {
        if (userData >= 0) {
            return Resolution.FOREIGN;
        }
        long index = userData & INDEX_MASK;
        if (index >= capacity) {
            return Resolution.OUT_OF_RANGE;
        }
        int slot = (int) index;
        // Upper half = LIVE | generation exactly when the slot is held under the token's generation.
        return state[slot] == (int) (userData >>> 32) ? slot : Resolution.STALE;
    }

    private int index(int slot, int i) {
        liveSlot(slot);
        if (Integer.compareUnsigned(i, longsPerSlot) >= 0) {
            throw new IllegalArgumentException("i must be >= 0 and < longsPerSlot (" + longsPerSlot + "); was " + i);
        }
        return slot * longsPerSlot + i;
    }

    private int liveSlot(int slot) {
        if (Integer.compareUnsigned(slot, capacity) >= 0) {
            throw new IllegalArgumentException("slot must be in 0.." + (capacity - 1) + "; was " + slot);
        }
        if (state[slot] >= 0) {
            throw new IllegalStateException("slot " + slot + " is not held: released, or never acquired");
        }
        return slot;
    }
}
