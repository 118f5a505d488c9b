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
    /**
     * The ring whose SQ this view writes (set by the ring; an Object so that this base compiles
     * without the runtime, as the generator's tests do), so that resources provided through the
     * view can tie themselves to that ring's close.
     */
    Object ring;

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
        prepared = false;
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
        try {
            for (long i = 0; i < entrySize; i += 8) {
                memory.set(ValueLayout.JAVA_LONG_UNALIGNED, base + i, 0L);
            }
        } catch (IllegalStateException e) {
            if (!memory.scope().isAlive()) {
                // The ring memory went with close(): say so instead of FFM's bare "Already closed".
                throw new RingClosedException("a prep method on the Sqe view", e);
            }
            throw e;
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
