package io.uring4j.os;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The {@code int[2]} a {@code PIPE} request fills: the read end at index 0, the write end at
 * index 1. After {@code sqe.pipe(...)} they are normal descriptors; after {@code sqe.pipeDirect(...)}
 * they are registered-file slots (use them with {@code SqeFlags.FIXED_FILE}). Reading them
 * allocates nothing; the segment can be reused for the next pipe.
 *
 * <p>Example:
 * <pre>{@code
 * PipeFds pipe = PipeFds.allocate(arena);
 * ring.nextSqe().pipe(pipe.segment(), OpenFlags.CLOEXEC).userData(MAKE_PIPE);
 * ring.submitAndWait(1);
 * // res 0: write to pipe.writeEnd(), read from pipe.readEnd()
 * }</pre>
 */
public final class PipeFds {
    private final MemorySegment fds;

    private PipeFds(MemorySegment fds) {
        this.fds = fds;
    }

    /**
     * Room for the two ends, set to -1 until a request fills them.
     *
     * @param arena owns the memory made here; it must outlive every request that uses it
     * @return the pair
     * @throws IllegalArgumentException when arena is null
     */
    public static PipeFds allocate(Arena arena) {
        if (arena == null) {
            throw new IllegalArgumentException("arena must not be null");
        }
        PipeFds p = new PipeFds(arena.allocate(ValueLayout.JAVA_INT, 2));
        p.reset();
        return p;
    }

    /**
     * Sets both ends to -1, e.g. before reusing the segment, so a failed request is not misread.
     *
     * @return this pair
     */
    public PipeFds reset() {
        fds.setAtIndex(ValueLayout.JAVA_INT, 0, -1);
        fds.setAtIndex(ValueLayout.JAVA_INT, 1, -1);
        return this;
    }

    /** {@return the read end: a descriptor, or the slot index for a direct pipe; -1 before the request completed} */
    public int readEnd() {
        return fds.getAtIndex(ValueLayout.JAVA_INT, 0);
    }

    /** {@return the write end: a descriptor, or the slot index for a direct pipe; -1 before the request completed} */
    public int writeEnd() {
        return fds.getAtIndex(ValueLayout.JAVA_INT, 1);
    }

    /** {@return the {@code int[2]} for {@code sqe.pipe} / {@code sqe.pipeDirect}} */
    public MemorySegment segment() {
        return fds;
    }

    @Override
    public String toString() {
        return "PipeFds[read=" + readEnd() + ", write=" + writeEnd() + "]";
    }
}
