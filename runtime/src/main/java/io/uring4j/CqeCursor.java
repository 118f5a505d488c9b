package io.uring4j;

import java.lang.foreign.MemorySegment;

/** State of the {@link Cqe} flyweight: the CQE array and the offset of the entry being read. */
public abstract sealed class CqeCursor permits Cqe {
    final MemorySegment memory;
    final int entrySize;
    long base;
    /**
     * True when the current entry is a 32-byte one on a {@code CQE_MIXED} ring (flagged
     * {@code IORING_CQE_F_32}; it takes two 16-byte slots, never wrapped). Set by the ring each
     * time it positions the view.
     */
    boolean big;

    CqeCursor(MemorySegment memory, int entrySize) {
        if (entrySize != Cqe.SIZE && entrySize != Cqe.BIG_SIZE) {
            throw new IllegalArgumentException("entrySize must be " + Cqe.SIZE + " or " + Cqe.BIG_SIZE + ", was "
                    + entrySize);
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

    /** Bytes of the current entry: {@link #entrySize()}, or 32 for a big entry on a mixed ring. */
    public final int size() {
        return big ? entrySize * 2 : entrySize;
    }

    final void requireBig(int index, int words) {
        if (entrySize == Cqe.SIZE && !big) {
            throw new IllegalStateException("this entry is 16 bytes: extra CQE words exist only on a CQE32 ring,"
                    + " or for entries flagged IORING_CQE_F_32 on a CQE_MIXED ring");
        }
        java.util.Objects.checkIndex(index, words);
    }
}
