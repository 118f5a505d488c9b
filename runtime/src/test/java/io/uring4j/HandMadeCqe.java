package io.uring4j;

import java.lang.foreign.MemorySegment;

/**
 * A {@link Cqe} view over test memory, for tests of code that reads completions (the view's
 * constructor is package-private, so this lives in the core package).
 */
public final class HandMadeCqe {
    private HandMadeCqe() {}

    /** A 16-byte CQE view over {@code entry}. */
    public static Cqe over(MemorySegment entry) {
        return new Cqe(entry, Cqe.SIZE);
    }
}
