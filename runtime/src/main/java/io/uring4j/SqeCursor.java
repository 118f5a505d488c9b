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

    /** Bytes per entry of this view. */
    public final int entrySize() {
        return entrySize;
    }

    /** Zeroes the whole entry; every prep method starts with this. */
    public final Sqe clear() {
        for (long i = 0; i < entrySize; i += 8) {
            memory.set(ValueLayout.JAVA_LONG_UNALIGNED, base + i, 0L);
        }
        return (Sqe) this;
    }

    /** The current entry as a segment (allocates a slice; for tests and debugging, not the hot path). */
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
