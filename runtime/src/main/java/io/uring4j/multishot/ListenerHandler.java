package io.uring4j.multishot;

import io.uring4j.Cqe;

/**
 * Receives a {@link Listener}'s events: its accepted connections (as the
 * {@link MultishotHandler} of its multishot accept) and the outcome of its setup and teardown.
 * All methods run on the ring's thread inside {@link Multishots#dispatch(Cqe)}.
 *
 * <pre>{@code
 * ListenerHandler onConnection = new ListenerHandler() {
 *     public void onCompletion(Multishot accept, Cqe cqe) {
 *         multishots.recv(cqe.res(), buffers.groupId(), echo);     // a new connection
 *     }
 *     public void onEnd(Multishot accept, MultishotEnd end, int res) {
 *         if (end.canRearm()) listener.rearmAccept();
 *     }
 *     public void onFailed(Listener l, ListenerState step, int res) {
 *         log(step + " failed: " + Errno.nameOf(-res));
 *     }
 * };
 * }</pre>
 */
public interface ListenerHandler extends MultishotHandler {
    /**
     * Setup finished: the socket listens and the multishot accept is queued.
     *
     * @param listener the listener the event is about
     */
    default void onListening(Listener listener) {}

    /**
     * A setup step failed with {@code res} ({@code -errno}); the listener is
     * {@link ListenerState#FAILED} and its socket closed.
     *
     * @param listener the listener the event is about
     * @param res a completion's {@code res}
     * @param step the setup step that failed
     */
    void onFailed(Listener listener, ListenerState step, int res);

    /**
     * {@link Listener#close()} finished: the accept is stopped and the socket closed.
     *
     * @param listener the listener the event is about
     */
    default void onClosed(Listener listener) {}
}
