package io.uring4j;

import io.uring4j.kernel.Opcode;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * State of the {@link Sqe} flyweight: the SQE array and the offset of the entry being written.
 * The generated subclass knows the field layout; this class knows only where the entry is.
 */
public abstract sealed class SqeCursor permits Sqe {
    /** The SQE array (or a single entry). */
    final MemorySegment memory;
    /** Bytes per slot of the array: 64, or 128 on an SQE128 ring. */
    final int entrySize;
    /** Bytes of the current entry: {@link #entrySize}, or two slots on an SQE_MIXED ring ({@link #moveToPair}). */
    int span;
    /** The current entry is two 64-byte slots of an SQE_MIXED ring, so it must hold a 128-byte opcode. */
    boolean pair;
    /** Offset of the current entry in {@link #memory}. */
    long base;
    /**
     * Set by every prep method once it has written the entry; false after {@link #moveTo}. A slot
     * whose prep threw (bad argument) is still unprepared, and the ring takes it back instead of
     * submitting stale bytes.
     */
    boolean prepared;
    /**
     * True once the prepared entry went to the ring (submit, or the next entry taken) until the view
     * moves to a new slot: a prep method or setter then would write a slot the kernel may be reading.
     */
    boolean handedOff;
    /**
     * The ring whose SQ this view writes (set by the ring; an Object so that this base compiles
     * without the runtime, as the generator's tests do), so that resources provided through the
     * view can tie themselves to that ring's close.
     */
    Object ring;
    /** Index of the current entry (base / entrySize). */
    int slot;
    /**
     * Segments the prep methods passed through {@link #hold}, {@link Sqe#MAX_SEGMENTS} per slot;
     * null on a view not backed by a ring's SQ (nothing to track then). Moved into the ring's
     * in-flight table when the entry is published.
     */
    Object[] held;
    /**
     * The ring's buffer group record of a group id (null on a view not backed by a ring's SQ), for
     * {@link #holdGroup}; a function, so that this base compiles without the runtime.
     */
    java.util.function.IntFunction<Object> groups;
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
        this.span = entrySize;
    }

    /**
     * The user_data every prep method writes (then {@code userData(long)} may replace it): 0, or
     * the value given to {@code SqeBatch.next(long)} for this entry. Set at every move.
     */
    long presetUserData;

    /**
     * Points the view at entry {@code index} of the array, to be written with user_data
     * {@code userData}. Its held-segment count is 0 already: publishing resets it, and so does
     * taking back an unprepared entry ({@link #dropHolds}).
     */
    final void moveTo(int index, long userData) {
        base = (long) index * entrySize;
        slot = index;
        span = entrySize;
        pair = false;
        prepared = false;
        handedOff = false;
        presetUserData = userData;
    }

    /** Forgets the segments held by the current entry: it is taken back unprepared (its prep threw after a hold). */
    final void dropHolds() {
        if (held != null) {
            heldCount[slot] = 0;
        }
    }

    /** The prepared entry now belongs to the ring: later writes through this view are refused. */
    final void handOff() {
        prepared = false;
        handedOff = true;
    }

    private void refuseHandedOff(String what) {
        if (handedOff) {
            throw new IllegalStateException(what + " on an entry already handed to the ring (by submit() or by taking "
                    + "the next entry): the kernel may be reading that slot; take a new entry with nextSqe()");
        }
    }

    /** Makes this view record held segments for a ring of {@code entries} slots. */
    final void track(int entries) {
        held = new Object[entries * Sqe.MAX_SEGMENTS];
        heldCount = new byte[entries];
    }

    /**
     * Called by every prep method for each segment argument (or typed iovec/msghdr holder), after its
     * checks: the ring keeps it strongly reachable until the request's final completion. Allocation-free.
     */
    final void hold(Object segment) {
        Object[] h = held;
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
     * Unchecked: the ring lets go of the segments this entry's prep method named. It will not
     * keep them reachable until the request's final completion, will not make an
     * {@link IoArena}'s close wait for the request, and will not report a closed arena at the
     * completion; publishing and reaping the entry skip the in-flight table. For a layer that
     * itself keeps every such segment, and the memory behind it, alive and unfreed until it has
     * seen the request's final completion, also when the ring is closed first: otherwise the
     * kernel may write freed memory. Call it after the prep method (and {@code userData}),
     * before the entry is handed to the ring.
     *
     * @return this entry
     * @throws IllegalStateException before a prep method, on an entry already handed to the ring,
     *                               or when the entry holds more than plain segments (a typed iovec
     *                               array or message header, a provided-buffer group)
     */
    public final Sqe untrackedUnchecked() {
        requirePrepared("untrackedUnchecked()");
        Object[] h = held;
        if (h == null) {
            return (Sqe) this;
        }
        int s = slot;
        int n = heldCount[s];
        if (n == 0) {
            return (Sqe) this;
        }
        int first = s * Sqe.MAX_SEGMENTS;
        for (int i = first; i < first + n; i++) {
            if (!(h[i] instanceof MemorySegment)) {
                throw new IllegalStateException("untrackedUnchecked() takes only entries whose memory is plain segments;"
                        + " this one holds " + h[i].getClass().getSimpleName() + ", which the ring must track");
            }
        }
        for (int i = first; i < first + n; i++) {
            h[i] = null;
        }
        heldCount[s] = 0;
        pendingHolds--;
        return (Sqe) this;
    }

    /**
     * Called by every prep method that names a provided-buffer group (buffer select, PROVIDE_BUFFERS,
     * REMOVE_BUFFERS) and by {@code flags()} when it adds BUFFER_SELECT: the request holds the group's
     * record until its final completion, so closing the group's buffers waits for it. Once per entry.
     */
    final void holdGroup(int group) {
        java.util.function.IntFunction<Object> g = groups;
        if (g == null || held == null) {
            return;
        }
        Object record = g.apply(group);
        int base = slot * Sqe.MAX_SEGMENTS;
        for (int i = 0, n = heldCount[slot]; i < n; i++) {
            if (held[base + i] == record) {
                return;
            }
        }
        hold(record);
    }

    /**
     * Points the view at slots {@code index} and {@code index + 1} of a 64-byte array as one
     * 128-byte entry (SQE_MIXED); the caller guarantees that both slots lie inside the array.
     */
    final void moveToPair(int index) {
        base = (long) index * entrySize;
        slot = index;
        span = 2 * entrySize;
        pair = true;
        prepared = false;
        handedOff = false;
        presetUserData = 0L;
    }

    /** {@return SQ slots the current entry takes: 2 for a pair of an SQE_MIXED ring, else 1} */
    final int slots() {
        return pair ? 2 : 1;
    }

    /**
     * Bytes of the current entry.
     *
     * @return 64; 128 on an SQE128 ring, or for an entry from {@code Ring.nextSqe128()} on an SQE_MIXED ring
     */
    public final int entrySize() {
        return span;
    }

    /**
     * Called by every prep method after its argument checks, before its one write of the entry:
     * refuses an entry already handed to the ring, an entry that already holds a request (a second
     * prep method would silently replace the first), and a 64-byte opcode in a 128-byte pair.
     */
    final void beginPrep(Opcode opcode) {
        refuseHandedOff("a prep method");
        if (prepared) {
            throw new IllegalStateException("this entry already holds a request (a second prep method would replace "
                    + "it); take a new entry from the ring for the next request");
        }
        checkPairHolds(opcode);
    }

    /** The CPU's byte order, for {@link #place}: a constant C2 folds. */
    private static final boolean LITTLE_ENDIAN = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;

    /**
     * {@return {@code value}'s low {@code width} bytes placed at byte {@code offsetInWord} of an
     * 8-byte word as the CPU stores it} Prep methods OR such parts into whole words, so that each
     * word of the entry is written once; with constant arguments this folds to a mask and a shift.
     */
    static long place(long value, int offsetInWord, int width) {
        if (width == Long.BYTES) {
            return value;
        }
        int shift = LITTLE_ENDIAN ? offsetInWord * Byte.SIZE : (Long.BYTES - offsetInWord - width) * Byte.SIZE;
        return (value & ((1L << (width * Byte.SIZE)) - 1)) << shift;
    }

    /** Zeroes the entry from byte {@code from} to its end (the second half of a 128-byte entry). */
    final void zeroFrom(long from) {
        for (long i = from; i < span; i += Long.BYTES) {
            memory.set(ValueLayout.JAVA_LONG_UNALIGNED, base + i, 0L);
        }
    }

    /**
     * {@return a {@link RingClosedException} naming {@code method} when {@code e} is FFM's bare
     * "Already closed" from the ring memory (the ring was closed, possibly by another thread during
     * the write), else {@code e} itself}
     */
    final RuntimeException closedOr(IllegalStateException e, String method) {
        if (e instanceof RingClosedException || memory.scope().isAlive()) {
            return e;
        }
        return new RingClosedException("Sqe." + method + "() on the submission view", e);
    }

    /**
     * Called by the setters that complete an entry (flags, user data, personality): before a prep
     * method they would be overwritten by it, so that order is refused, not ignored.
     */
    final void requirePrepared(String setter) {
        refuseHandedOff(setter);
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
        return memory.asSlice(base, span);
    }

    /** Called by 128-byte opcodes: refuses to write one into a 64-byte slot. */
    final void requireEntrySize(int needed, String opcode) {
        if (span < needed) {
            throw new IllegalStateException("IORING_OP_" + opcode + " needs " + needed
                    + "-byte SQEs; create the ring with IORING_SETUP_SQE128, or with SQE_MIXED and take the entry"
                    + " from ring.nextSqe128()");
        }
    }

    /**
     * Called when a prep method writes the opcode: a 64-byte opcode in a 128-byte pair of an
     * SQE_MIXED ring would make the kernel read the second slot as a request of its own.
     */
    final void checkPairHolds(Opcode opcode) {
        if (pair && opcode.sqeSize() < span) {
            throw new IllegalStateException("IORING_OP_" + opcode.name() + " is a " + opcode.sqeSize()
                    + "-byte opcode: a 128-byte entry from nextSqe128() on an SQE_MIXED ring takes only 128-byte"
                    + " opcodes (NOP128, URING_CMD128); use nextSqe() for it");
        }
    }
}
