package io.uring4j;

/**
 * A request completed after the arena of one of its segments had been closed: the kernel may
 * have read or written memory that was already freed, and possibly handed to someone else. The
 * library cannot stop a caller from closing an arena it does not own, so it reports it here (and
 * in {@code Ring.lifetimeViolations()}). Keep the arena open until the final completion, or
 * allocate from an {@link IoArena}, whose close waits for the requests that use its memory.
 */
public final class LifetimeViolationException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** The completion's user_data. */
    private final long userData;

    /**
     * An exception for the completion with {@code userData}.
     *
     * @param userData the user_data of the completion whose memory was freed under the kernel
     */
    public LifetimeViolationException(long userData) {
        super("the request with user_data 0x" + Long.toHexString(userData) + " completed after the arena of one of"
                + " its segments was closed: the kernel may have written freed memory. Keep the arena open until"
                + " the final completion, or allocate from an IoArena");
        this.userData = userData;
    }

    /** {@return the user_data of the completion whose memory was freed under the kernel} */
    public long userData() {
        return userData;
    }
}
