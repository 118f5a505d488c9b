package io.uring4j.multishot;

import io.uring4j.Cqe;

/**
 * Receives what a {@link Multishot} subscription's completions say. Both methods run on the
 * ring's thread inside {@link Multishots#dispatch(Cqe)}; they may queue SQEs (e.g. a send, a
 * {@link Multishot#rearm()}) but must not reap. Implement it once per kind of work, not as a
 * lambda captured per request, so that dispatch allocates nothing.
 *
 * <pre>{@code
 * MultishotHandler echo = new MultishotHandler() {
 *     public void onCompletion(Multishot sub, Cqe cqe) {
 *         int bid = cqe.bufferId();
 *         buffers.consume(cqe);
 *         queueSend(sub.fd(), bid, cqe.res());      // recycle bid when the send completes
 *     }
 *     public void onEnd(Multishot sub, MultishotEnd end, int res) {
 *         if (end == MultishotEnd.END_OF_STREAM) closeLater(sub.fd());
 *     }
 * };
 * multishots.recv(fd, buffers.groupId(), echo);
 * }</pre>
 */
public interface MultishotHandler {
    /**
     * One result of the request: an accepted fd, received bytes in a provided buffer
     * ({@link Cqe#bufferId()}), a poll mask, a timer period, ... . Called for every completion
     * that carries {@code F_MORE}, and for the last one too when it carries a result or a
     * buffer (so no accepted fd and no buffer is ever lost); {@code cqe.isMore()} tells which.
     * The {@code cqe} view is valid only during this call.
     *
     * @param sub the subscription the completion belongs to
     * @param cqe the completion, valid during this call only
     */
    void onCompletion(Multishot sub, Cqe cqe);

    /**
     * The subscription stopped: called exactly once, after the last completion (and after
     * {@link #onCompletion} for it, if it carried a result). {@code sub} is
     * {@link MultishotState#STOPPED}; {@code res} is the last completion's {@code res}.
     *
     * @param sub the subscription the completion belongs to
     * @param res a completion's {@code res}
     * @param end why the subscription ended
     */
    void onEnd(Multishot sub, MultishotEnd end, int res);
}
