package io.uring4j.multishot;

/**
 * Where a {@link Multishot} subscription is in its life. The only moves are
 * {@code ACTIVE → CANCELLING → STOPPED} and {@code ACTIVE → STOPPED}; {@link #STOPPED} is final.
 *
 * <pre>{@code
 * if (sub.state() == MultishotState.ACTIVE) {
 *     sub.cancel();              // now CANCELLING until the kernel's last completion arrives
 * }
 * }</pre>
 */
public enum MultishotState {
    /** The request is armed: every completion carries {@code IORING_CQE_F_MORE} until the last one. */
    ACTIVE,
    /** A cancel was queued; completions that were already on their way are still delivered. */
    CANCELLING,
    /** The last completion (the one without {@code F_MORE}) has been dispatched; nothing more will come. */
    STOPPED
}
