package io.uring4j.multishot;

/**
 * Options of the sockets a {@link Listener} accepts. They are set on the listening socket during
 * setup (one {@code setsockopt} socket uring_cmd each, state {@link ListenerState#OPTIONS}); Linux
 * copies a listening TCP socket's {@code TCP_NODELAY} and {@code SO_KEEPALIVE} to every socket it
 * accepts, so accepted connections need no request of their own. Immutable.
 *
 * <p>{@code TCP_NODELAY} matters for request/response traffic: without it, Nagle's algorithm
 * holds a small reply back until the peer's delayed ACK arrives (about 40 ms per round trip on
 * loopback). Neither option applies to Unix sockets: {@link Listener#open} refuses them there.
 *
 * {@snippet class=io.uring4j.snippets.ServerSnippets region=listenerOptions}
 *
 * @param tcpNoDelay {@code TCP_NODELAY}: send small segments at once (Nagle off)
 * @param keepAlive  {@code SO_KEEPALIVE}: probe idle connections
 */
public record ListenerOptions(boolean tcpNoDelay, boolean keepAlive) {
    /** No options: accepted sockets keep the kernel's defaults. */
    public static final ListenerOptions NONE = new ListenerOptions(false, false);

    /** {@code TCP_NODELAY} on the accepted sockets: the usual choice for request/response servers. */
    public static final ListenerOptions TCP_NODELAY = new ListenerOptions(true, false);

    /**
     * {@return these options with {@code SO_KEEPALIVE} set as given}
     *
     * @param on true to probe idle connections
     */
    public ListenerOptions withKeepAlive(boolean on) {
        return new ListenerOptions(tcpNoDelay, on);
    }

    /** {@return how many setsockopt requests the listener's setup makes for these options} */
    int count() {
        return (tcpNoDelay ? 1 : 0) + (keepAlive ? 1 : 0);
    }
}
