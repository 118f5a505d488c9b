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
    /** Set by the ring when a segment this request holds belongs to an arena closed before this completion. */
    boolean violated;
    /** The user_data of the violating completion, for the exception. */
    long violatedUserData;

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

    /**
     * Bytes per entry of this view.
     *
     * @return 16, or 32 on a CQE32 ring
     */
    public final int entrySize() {
        return entrySize;
    }

    /**
     * Bytes of the current entry.
     *
     * @return {@link #entrySize()}, or 32 for a big entry on a mixed ring
     */
    public final int size() {
        return big ? entrySize * 2 : entrySize;
    }

    /**
     * True when a segment given to this request's prep method belonged to an arena that was
     * closed before this completion arrived: the kernel may have written memory that was already
     * freed (and possibly reused). The ring counts these ({@code Ring.lifetimeViolations()}) and
     * logs each one. Allocate such memory from an {@code IoArena}, whose close waits for the
     * requests, or keep the arena open until the final completion.
     *
     * @return true for a completion whose memory was freed under the kernel
     */
    public final boolean lifetimeViolated() {
        return violated;
    }

    /**
     * Throws when {@link #lifetimeViolated()}; otherwise does nothing.
     *
     * @throws LifetimeViolationException when a segment of this request was freed before this completion
     */
    public final void checkLifetime() {
        if (violated) {
            throw new LifetimeViolationException(violatedUserData);
        }
    }

    /**
     * {@return a {@link RingClosedException} naming {@code field} when the view's memory went with
     * the ring's close (FFM's bare "Already closed"), else {@code e} itself}
     */
    final RuntimeException closedOr(IllegalStateException e, String field) {
        if (memory.scope().isAlive()) {
            return e;
        }
        RingClosedException closed = new RingClosedException("Cqe." + field + "() read from a completion view after"
                + " close (copy what you need before closing; the view is valid only until seen())");
        closed.initCause(e);
        return closed;
    }

    final void requireBig(int index, int words) {
        if (entrySize == Cqe.SIZE && !big) {
            throw new IllegalStateException("this entry is 16 bytes: extra CQE words exist only on a CQE32 ring,"
                    + " or for entries flagged IORING_CQE_F_32 on a CQE_MIXED ring");
        }
        java.util.Objects.checkIndex(index, words);
    }
}
