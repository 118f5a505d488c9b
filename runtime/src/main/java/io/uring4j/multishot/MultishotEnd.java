package io.uring4j.multishot;

/**
 * Why a {@link Multishot} subscription stopped: the fact the kernel's last completion (the one
 * without {@code IORING_CQE_F_MORE}) reported, handed to {@link MultishotHandler#onEnd}. Nothing
 * is retried for the caller: {@link #canRearm()} says when arming the same request again
 * ({@link Multishot#rearm()}) makes sense.
 *
 * <pre>{@code
 * public void onEnd(Multishot sub, MultishotEnd end, int res) {
 *     if (end == MultishotEnd.NO_BUFFERS) {
 *         waitingForBuffers.add(sub);   // re-arm once buffers are recycled
 *     } else if (end.canRearm()) {
 *         sub.rearm();
 *     }
 * }
 * }</pre>
 */
public enum MultishotEnd {
    /**
     * The request ended by itself with a result (a full CQ, a reached count or byte limit); that
     * last result was delivered to {@link MultishotHandler#onCompletion} first.
     */
    COMPLETED(true),
    /** A receive or read saw end of stream ({@code res == 0}): the peer closed or the writer went away. */
    END_OF_STREAM(false),
    /** {@code -ENOBUFS}: the provided-buffer group was empty. Recycle buffers, then re-arm. */
    NO_BUFFERS(true),
    /** {@code -ECANCELED}: cancelled, by {@link Multishot#cancel()} or by the kernel (ring teardown). */
    CANCELLED(false),
    /** Any other {@code -errno}; {@code res} says which. */
    FAILED(false);

    private final boolean rearmable;

    MultishotEnd(boolean rearmable) {
        this.rearmable = rearmable;
    }

    /** {@return true when arming the same request again can go on where this one stopped} */
    public boolean canRearm() {
        return rearmable;
    }
}
