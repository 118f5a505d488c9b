package io.uring4j;

/**
 * The ring was closed: by this thread earlier, or by another thread while this one was using it
 * (waiting in {@code Ring.waitFor} or {@code Ring.submitAndWait}, or holding an
 * {@code Sqe} view). An {@link IllegalStateException}, so code that caught the plain "the ring is
 * closed" error before still catches it; its own type lets a completion loop tell an orderly
 * shutdown from a bug.
 */
public final class RingClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * A closed-ring error for {@code what} the caller tried.
     *
     * @param what the call refused, e.g. {@code "waitFor"}
     */
    public RingClosedException(String what) {
        super(what + ": the ring is closed");
    }

    /**
     * A closed-ring error for {@code what}, found through {@code cause} (FFM's "Already closed"
     * when the ring memory went away under the call).
     *
     * @param what  the call cut short
     * @param cause the error the closed memory raised
     */
    public RingClosedException(String what, Throwable cause) {
        super(what + ": the ring was closed by another thread during the call", cause);
    }
}
