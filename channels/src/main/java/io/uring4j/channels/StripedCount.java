package io.uring4j.channels;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A count of threads inside a short section (the page-cache reads of one file), spread over
 * cache lines so that readers on different cores do not pass one line back and forth: with one
 * shared counter, two carriers reading the same file paid a cache-line transfer on every count in
 * and out. A thread counts in and out on the stripe of its id; only a closing file sums the
 * stripes. Every access is volatile, so a count-in followed by a read of the file's closed flag
 * and a close's set-then-{@link #sum} cannot both miss each other.
 */
final class StripedCount {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int STRIPES = 8;
    /** Longs between stripes: 128 bytes, a cache line and its prefetch partner. */
    private static final int SPACING = 16;

    private final long[] slots = new long[STRIPES * SPACING];

    /** Counts the current thread in; returns the stripe to count it out on. */
    int enter() {
        int i = (int) (Thread.currentThread().threadId() & (STRIPES - 1)) * SPACING;
        SLOT.getAndAdd(slots, i, 1L);
        return i;
    }

    /** Counts a thread out of the stripe {@link #enter} returned. */
    void exit(int stripe) {
        SLOT.getAndAdd(slots, stripe, -1L);
    }

    /** Threads inside now. */
    long sum() {
        long n = 0;
        for (int i = 0; i < slots.length; i += SPACING) {
            n += (long) SLOT.getVolatile(slots, i);
        }
        return n;
    }
}
