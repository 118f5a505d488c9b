package io.uring4j.multishot;

import io.uring4j.Cqe;

/**
 * What {@link Multishots#dispatch(Cqe)} did with a completion. Constants, so reporting it
 * allocates nothing.
 *
 * <pre>{@code
 * ring.drain(cqe -> {
 *     if (multishots.dispatch(cqe) == DispatchResult.NOT_OURS) {
 *         myOwnRequests.complete(cqe);
 *     }
 * });
 * }</pre>
 */
public enum DispatchResult {
    /** A result handed to a subscription's {@link MultishotHandler#onCompletion}; the request is still armed. */
    RESULT,
    /** A subscription's last completion: {@link MultishotHandler#onEnd} was called. */
    ENDED,
    /** The completion of a cancel a subscription queued ({@link Multishot#cancelResult()} has its res). */
    CANCEL_ACK,
    /** A step of a {@link Listener}'s setup or teardown. */
    STEP,
    /** A pool token of an old generation: its owner is gone; the completion was dropped and counted by the pool. */
    STALE,
    /** Not a multishot completion: a direct-mode {@code user_data}, or a pool slot that holds something else. */
    NOT_OURS
}
