package io.uring4j;

import java.lang.foreign.MemorySegment;

/** State of the {@link Cqe} flyweight: the CQE array and the offset of the entry being read. */
public abstract sealed class CqeCursor permits Cqe {
    final MemorySegment memory;
    final int entrySize;
    long base;

    CqeCursor(MemorySegment memory, int entrySize) {
        if (entrySize != 16 && entrySize != 32) {
            throw new IllegalArgumentException("entrySize must be 16 or 32, was " + entrySize);
        }
        if (memory.byteSize() < entrySize) {
            throw new IllegalArgumentException("memory holds " + memory.byteSize()
                    + " bytes, less than one " + entrySize + "-byte CQE");
        }
        this.memory = memory;
        this.entrySize = entrySize;
    }

    final void moveTo(int index) {
        base = (long) index * entrySize;
    }

    /** Bytes per entry of this view: 16, or 32 on a CQE32 ring. */
    public final int entrySize() {
        return entrySize;
    }

    final void requireBig(int index, int words) {
        if (entrySize == 16) {
            throw new IllegalStateException("the extra CQE words exist only on a ring with IORING_SETUP_CQE32");
        }
        java.util.Objects.checkIndex(index, words);
    }
}
