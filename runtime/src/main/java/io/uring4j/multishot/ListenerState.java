package io.uring4j.multishot;

/**
 * Where a {@link Listener} is. The states up to {@link #LISTEN} are the setup steps, each one request whose
 * completion starts the next: {@code SOCKET → REUSEADDR → OPTIONS → BIND → LISTEN → LISTENING}
 * ({@code OPTIONS} only with {@link ListenerOptions}, once per option). From any
 * state, {@link Listener#close()} leads through {@link #CLOSING} to {@link #CLOSED}; a failed
 * step leads (closing the socket if there is one) to {@link #FAILED}. CLOSED and FAILED are final.
 *
 * <pre>{@code
 * if (listener.state() == ListenerState.FAILED) {
 *     log(listener.failedStep() + " failed: " + Errno.nameOf(-listener.failedRes()));
 * }
 * }</pre>
 */
public enum ListenerState {
    /** The socket request is in flight. */
    SOCKET,
    /** The {@code setsockopt(SO_REUSEADDR)} request (a socket uring_cmd) is in flight. */
    REUSEADDR,
    /** A {@code setsockopt} of one of the {@link ListenerOptions} (copied to accepted sockets) is in flight. */
    OPTIONS,
    /** The bind request is in flight. */
    BIND,
    /** The listen request is in flight. */
    LISTEN,
    /** Listening, with a multishot accept armed. */
    LISTENING,
    /** Cancelling the accept and closing the socket. */
    CLOSING,
    /** Closed after {@link Listener#close()}. */
    CLOSED,
    /** A setup step failed; the socket, if one was made, is closed. */
    FAILED;

    /** {@return true for the setup steps} */
    public boolean isSetupStep() {
        return ordinal() <= LISTEN.ordinal();
    }

    /** {@return true for CLOSED and FAILED} */
    public boolean isFinal() {
        return this == CLOSED || this == FAILED;
    }
}
