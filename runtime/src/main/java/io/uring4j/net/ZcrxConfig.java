package io.uring4j.net;

/**
 * How a {@link ZcrxReceiver} runs: Go's {@code ZCRXConfig}.
 *
 * @param tag the receive's user_data, 0 to {@link #MAX_TAG}; its cancel uses {@code tag | }{@link #CANCEL_BIT}.
 *     Choose a value no other request of the ring uses.
 * @param buffers buffer views kept ready (allocated once): at most this many buffers held by the
 *     application at a time cost no allocation; more are allocated as needed. 1 to 65536.
 * @param receiveLimit most bytes the receive takes before it ends ({@code RECV_ZC}'s len), 0 for no limit
 */
public record ZcrxConfig(long tag, int buffers, int receiveLimit) {
    /** The largest tag: bit 62 marks the receive's cancel request, bit 63 stays clear. */
    public static final long MAX_TAG = (1L << 62) - 1;
    /** OR-ed into the tag for the user_data of the cancel request {@link ZcrxReceiver#stop()} queues. */
    public static final long CANCEL_BIT = 1L << 62;
    /** The most buffer views a receiver keeps ready. */
    public static final int MAX_BUFFERS = 1 << 16;

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException naming the value and its rule
     */
    public ZcrxConfig {
        if (tag < 0 || tag > MAX_TAG) {
            throw new IllegalArgumentException("tag must be 0.." + MAX_TAG + "; was " + tag);
        }
        if (buffers < 1 || buffers > MAX_BUFFERS) {
            throw new IllegalArgumentException("buffers must be 1.." + MAX_BUFFERS + "; was " + buffers);
        }
        if (receiveLimit < 0) {
            throw new IllegalArgumentException("receiveLimit must be >= 0 (0: no limit); was " + receiveLimit);
        }
    }

    /**
     * A configuration with no receive limit.
     *
     * @param tag the receive's user_data
     * @param buffers buffer views kept ready
     * @return the configuration
     */
    public static ZcrxConfig of(long tag, int buffers) {
        return new ZcrxConfig(tag, buffers, 0);
    }
}
