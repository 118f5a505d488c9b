package io.uring4j.internal;

import io.uring4j.Sqe;

/**
 * A request the library itself owes the kernel (a multishot arm or cancel, a listener's next
 * step) that met a full SQ: the ring keeps it in its {@link DeferredSteps} and calls back when
 * an entry is free, so the lifecycle goes on instead of stalling or losing the step.
 */
public interface DeferredStep {
    /**
     * Writes step {@code code} into {@code sqe}, or leaves the entry untouched when the step is
     * no longer needed (the ring then reuses the entry).
     *
     * @param sqe  a free entry, not yet prepared
     * @param code what the step is, as given to {@link DeferredSteps#add}
     * @return true when the entry now holds the step
     */
    boolean prep(Sqe sqe, int code);
}
