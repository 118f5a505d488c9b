package io.uring4j;

import io.uring4j.kernel.Errno;

/**
 * A kernel error: the operation that failed and its errno. Raised by ring calls that fail
 * (setup, enter, register) and, on request, for a failed completion via {@link #check(Cqe, String)}.
 * Setup failures carry a hint on what to do in the message.
 */
public final class UringException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The positive errno value. */
    private final int errnoValue;
    /** What failed. */
    private final String operation;

    /**
     * An error of {@code operation} with a typed errno.
     *
     * @param operation  what failed, e.g. {@code "read"} or {@code "io_uring_enter"}
     * @param errnoValue the positive errno value
     */
    public UringException(String operation, int errnoValue) {
        this(operation, errnoValue, null);
    }

    /**
     * An error of {@code operation} with a typed errno and a hint for the reader.
     *
     * @param operation  what failed
     * @param errnoValue the positive errno value
     * @param hint       what to do about it, appended to the message; may be null
     */
    public UringException(String operation, int errnoValue, String hint) {
        super(message(operation, errnoValue, hint));
        this.errnoValue = errnoValue;
        this.operation = operation;
    }

    private static String message(String operation, int errnoValue, String hint) {
        Errno e = Errno.of(errnoValue);
        String base = operation + " failed: " + Errno.nameOf(errnoValue)
                + (e == null ? "" : " (" + e.description() + ")");
        return hint == null ? base : base + ". " + hint;
    }

    /** {@return the errno, or {@code null} when the spec has no entry for {@link #errnoValue()}} */
    public Errno errno() {
        return Errno.of(errnoValue);
    }

    /** {@return the positive errno value} */
    public int errnoValue() {
        return errnoValue;
    }

    /** {@return the operation that failed, as given when the exception was made} */
    public String operation() {
        return operation;
    }

    /**
     * Returns {@code cqe.res()} when it is not an error, else throws.
     *
     * @param cqe       the completion (its {@code res} is read once)
     * @param operation names the request in the message, e.g. {@code "read"}
     * @return the non-negative result
     * @throws UringException when {@code res} is a negated errno
     */
    public static int check(Cqe cqe, String operation) {
        return check(cqe.res(), operation);
    }

    /**
     * Returns {@code res} when it is not negative, else throws with {@code -res} as the errno.
     *
     * @param res       a completion's result
     * @param operation what the request did, for the message
     * @return {@code res}
     * @throws UringException when {@code res < 0}
     */
    public static int check(int res, String operation) {
        if (res < 0) {
            throw new UringException(operation, -res);
        }
        return res;
    }
}
