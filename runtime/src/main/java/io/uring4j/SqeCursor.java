package io.uring4j;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * State of the {@link Sqe} flyweight: the SQE array and the offset of the entry being written.
 * The generated subclass knows the field layout; this class knows only where the entry is.
 */
public abstract sealed class SqeCursor permits Sqe {
    /** The SQE array (or a single entry). */
    final MemorySegment memory;
    /** Bytes per entry: 64, or 128 on an SQE128 ring. */
    final int entrySize;
    /** Offset of the current entry in {@link #memory}. */
    long base;
    /**
     * Set by every prep method once it has written the entry; false after {@link #moveTo}. A slot
     * whose prep threw (bad argument) is still unprepared, and the ring takes it back instead of
     * submitting stale bytes.
     */
    boolean prepared;
    /** Index of the current entry (base / entrySize). */
    int slot;
    /**
     * Segments the prep methods passed through {@link #hold}, {@link Sqe#MAX_SEGMENTS} per slot;
     * null on a view not backed by a ring's SQ (nothing to track then). Moved into the ring's
     * in-flight table when the entry is published.
     */
    MemorySegment[] held;
    /** Segments held per slot. */
    byte[] heldCount;
    /** Slots with held segments not yet published: publishing skips the scan while it is 0. */
    int pendingHolds;

    SqeCursor(MemorySegment memory, int entrySize) {
        if (entrySize != Sqe.SIZE && entrySize != Sqe.BIG_SIZE) {
            throw new IllegalArgumentException("entrySize must be " + Sqe.SIZE + " or " + Sqe.BIG_SIZE + ", was "
                    + entrySize);
        }
        if (memory.byteSize() < entrySize) {
            throw new IllegalArgumentException("memory holds " + memory.byteSize()
                    + " bytes, less than one " + entrySize + "-byte SQE");
        }
        this.memory = memory;
        this.entrySize = entrySize;
    }

    /** Points the view at entry {@code index} of the array. */
    final void moveTo(int index) {
        base = (long) index * entrySize;
        slot = index;
        prepared = false;
        if (held != null) {
            heldCount[index] = 0;
        }
    }

    /** Makes this view record held segments for a ring of {@code entries} slots. */
    final void track(int entries) {
        held = new MemorySegment[entries * Sqe.MAX_SEGMENTS];
        heldCount = new byte[entries];
    }

    /**
     * Called by every prep method for each segment argument, after its checks: the ring keeps the
     * segment strongly reachable until the request's final completion. Allocation-free.
     */
    final void hold(MemorySegment segment) {
        MemorySegment[] h = held;
        if (segment == null || h == null) {
            return;
        }
        int s = slot;
        int n = heldCount[s];
        h[s * Sqe.MAX_SEGMENTS + n] = segment;
        heldCount[s] = (byte) (n + 1);
        if (n == 0) {
            pendingHolds++;
        }
    }

    /**
     * Bytes per entry of this view.
     *
     * @return 64, or 128 on an SQE128 ring
     */
    public final int entrySize() {
        return entrySize;
    }

    /**
     * Zeroes the whole entry; every prep method starts with this (after checking its arguments).
     * Not public: a caller clearing a prepared entry would submit a zeroed (NOP) entry under the
     * flag that says it is ready. A second prep method on one entry would silently replace the
     * first request, so it is refused.
     */
    final void clear() {
        if (prepared) {
            throw new IllegalStateException("this entry already holds a request (a second prep method would replace "
                    + "it); take a new entry from the ring for the next request");
        }
        for (long i = 0; i < entrySize; i += 8) {
            memory.set(ValueLayout.JAVA_LONG_UNALIGNED, base + i, 0L);
        }
    }

    /**
     * Called by the setters that complete an entry (flags, user data, personality): before a prep
     * method they would be wiped by its {@link #clear()}, so that order is refused, not ignored.
     */
    final void requirePrepared(String setter) {
        if (!prepared) {
            throw new IllegalStateException(setter + " is set after the prep method (e.g. read), which clears the "
                    + "entry; call the prep method first");
        }
    }

    /**
     * The current entry as a segment (allocates a slice; for tests and debugging, not the hot path).
     *
     * @return a slice of the SQE array holding this entry
     */
    public final MemorySegment asSegment() {
        return memory.asSlice(base, entrySize);
    }

    /** Called by 128-byte opcodes: refuses to write one into a 64-byte slot. */
    final void requireEntrySize(int needed, String opcode) {
        if (entrySize < needed) {
            throw new IllegalStateException("IORING_OP_" + opcode + " needs " + needed
                    + "-byte SQEs; create the ring with IORING_SETUP_SQE128");
        }
    }
}
