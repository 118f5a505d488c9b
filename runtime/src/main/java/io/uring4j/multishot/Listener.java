package io.uring4j.multishot;

import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.Sqe;
import io.uring4j.kernel.flags.SockFlags;
import io.uring4j.net.SocketAddresses;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * A listening stream socket set up entirely through the ring: {@code SOCKET} →
 * {@code setsockopt(SO_REUSEADDR)} (socket uring_cmd) → the {@link ListenerOptions} of the
 * accepted sockets (e.g. {@code TCP_NODELAY}) → {@code BIND} → {@code LISTEN} → a
 * multishot accept ({@link Multishots#accept} or {@link Multishots#acceptDirect}). Each step is
 * queued when the previous one's completion is dispatched, so the ring's thread never makes a
 * blocking system call; the caller only keeps submitting and dispatching. TCP over IPv4 or IPv6,
 * and Unix stream sockets.
 *
 * <p>Plain mode makes an ordinary socket and accepts connections as fds (with
 * {@code SOCK_CLOEXEC}). Direct mode makes the listening socket in a registered-file slot the
 * kernel picks ({@code SOCKET_DIRECT_ALLOC}) and accepts into slots too: the ring needs a sparse
 * file table with free slots first; {@link #fd()} and every accepted result are then slot
 * indexes, used with {@code IOSQE_FIXED_FILE}.
 *
 * <p>The listener holds one token of the registry's pool for its setup and teardown requests
 * (their completions come back from {@link Multishots#dispatch} as {@link DispatchResult#STEP}),
 * plus its accept subscription's two. Its sockaddr and option value live in an arena of its own,
 * freed when it reaches a final state. A Unix socket's file stays after close (unlink it
 * yourself). Port 0 works but the chosen port is not reported. Each step is queued when the
 * previous completion is dispatched; on a full SQ it waits in the ring's deferred steps and goes
 * out with the next {@link Ring#submit()} (see {@link Multishots}). Use it on the ring's thread.
 *
 * <pre>{@code
 * Listener listener = Listener.open(multishots, new InetSocketAddress("127.0.0.1", 8080), 128, false, handler);
 * while (listener.state().isSetupStep()) {
 *     ring.submit();
 *     ring.waitFor(1);
 *     ring.drain(route);                       // route: cqe -> multishots.dispatch(cqe)
 * }
 * // LISTENING: handler.onCompletion(accept, cqe) gets one new fd per connection
 * listener.close();                            // CLOSING, then CLOSED and handler.onClosed(listener)
 * }</pre>
 */
public final class Listener {
    private final Multishots owner;
    private final SocketAddress address;
    private final boolean fixedFile;
    private final ListenerHandler handler;
    private final ListenerOptions options;
    private final Arena arena;
    /** What each step asks of the kernel; its sockaddr and option value live in {@code arena}. */
    private final ListenerRequests requests;
    private final long token;
    private final MultishotHandler acceptEvents = new AcceptEvents();

    private ListenerState state = ListenerState.SOCKET;
    private int fd = -1;
    private Multishot acceptor;
    private boolean closeRequested;
    private boolean closeInFlight;
    private ListenerState failedStep;
    private int failedRes;
    private int optionsSet;

    private Listener(Multishots owner, SocketAddress address, int backlog, boolean fixedFile, ListenerOptions options,
            ListenerHandler handler, Arena arena, long token) {
        this.owner = owner;
        this.address = address;
        this.fixedFile = fixedFile;
        this.handler = handler;
        this.options = options;
        this.arena = arena;
        this.requests = new ListenerRequests(SocketAddresses.domain(address), backlog, fixedFile, options,
                SocketAddresses.allocate(arena, address), arena.allocateFrom(ValueLayout.JAVA_INT, 1));
        this.token = token;
    }

    /**
     * Queues the first step (the socket request) of a listener on {@code address}.
     *
     * @param address an {@link java.net.InetSocketAddress} (IPv4 or IPv6, resolved) or a
     *                {@link java.net.UnixDomainSocketAddress}
     * @param backlog the pending-connection queue length (capped by the kernel)
     * @param fixedFile true for a listening socket in a registered-file slot, accepting into registered-file
     *                  slots (direct descriptors); false for regular fds
     * @param handler receives the completions, on the thread that dispatches them
     * @param owner the subscriptions the listener arms its accept in
     * @return the listener; its state advances as the dispatched completions arrive
     * @throws IllegalArgumentException for a null or unsupported address, a negative backlog or a null handler
     * @throws IllegalStateException    when the pool has no free slot (nothing is queued then)
     */
    public static Listener open(Multishots owner, SocketAddress address, int backlog, boolean fixedFile,
            ListenerHandler handler) {
        return open(owner, address, backlog, fixedFile, ListenerOptions.NONE, handler);
    }

    /**
     * Like {@link #open(Multishots, SocketAddress, int, boolean, ListenerHandler)}, with options
     * for the accepted sockets, set on the listening socket before the bind (Linux copies them to
     * every accepted socket):
     *
     * {@snippet class=io.uring4j.snippets.ServerSnippets region=listenerOptions}
     *
     * @param owner the subscriptions the listener arms its accept in
     * @param address an {@link java.net.InetSocketAddress} (IPv4 or IPv6, resolved) or a
     *                {@link java.net.UnixDomainSocketAddress}
     * @param backlog the pending-connection queue length (capped by the kernel)
     * @param fixedFile true for a listening socket in a registered-file slot, accepting into registered-file
     *                  slots (direct descriptors); false for regular fds
     * @param options the accepted sockets' options ({@link ListenerOptions#NONE} for none)
     * @param handler receives the completions, on the thread that dispatches them
     * @return the listener; its state advances as the dispatched completions arrive
     * @throws IllegalArgumentException for a null or unsupported address, a negative backlog, null options or
     *                                  handler, or TCP options on a Unix socket
     * @throws IllegalStateException    when the pool has no free slot or the SQ is full (nothing is queued then)
     */
    public static Listener open(Multishots owner, SocketAddress address, int backlog, boolean fixedFile,
            ListenerOptions options, ListenerHandler handler) {
        if (options == null) {
            throw new IllegalArgumentException("options must not be null (ListenerOptions.NONE for none)");
        }
        if (options.count() > 0 && address instanceof UnixDomainSocketAddress) {
            throw new IllegalArgumentException("options " + options + " are TCP options; a Unix socket ("
                    + address + ") takes none: use ListenerOptions.NONE");
        }
        if (owner == null) {
            throw new IllegalArgumentException("owner must not be null");
        }
        if (handler == null) {
            throw new IllegalArgumentException("handler must not be null");
        }
        if (backlog < 0) {
            throw new IllegalArgumentException("backlog must be >= 0; was " + backlog);
        }
        SocketAddresses.size(address); // checks the address before anything is taken
        long token = owner.steps.acquire("a listener");
        Arena arena = Arena.ofShared();
        Listener listener;
        Sqe sqe;
        try {
            listener = new Listener(owner, address, backlog, fixedFile, options, handler, arena, token);
            sqe = owner.steps.stepSqe();
        } catch (RuntimeException | Error e) {
            owner.steps.release(token);
            arena.close();
            throw e;
        }
        owner.steps.attach(token, listener);
        listener.send(sqe);
        return listener;
    }

    // ---------------------------------------------------------------- dispatch

    /** Handles the completion of this listener's current step. */
    DispatchResult complete(Cqe cqe) {
        int res = cqe.res();
        ListenerState step = state;
        switch (step) {
            case SOCKET -> {
                if (res < 0) {
                    fail(step, res);
                } else {
                    fd = res;
                    next(ListenerState.REUSEADDR);
                }
            }
            case REUSEADDR, OPTIONS, BIND -> {
                if (res < 0) {
                    fail(step, res);
                } else if (step == ListenerState.BIND) {
                    next(ListenerState.LISTEN);
                } else {
                    if (step == ListenerState.OPTIONS) {
                        optionsSet++;
                    }
                    next(optionsSet < options.count() ? ListenerState.OPTIONS : ListenerState.BIND);
                }
            }
            case LISTEN -> {
                if (res < 0) {
                    fail(step, res);
                } else if (closeRequested) {
                    startClose();
                } else {
                    armAccept();
                    state = ListenerState.LISTENING;
                    handler.onListening(this);
                }
            }
            case CLOSING -> {
                closeInFlight = false;
                finishCloseIfDone();
            }
            default -> throw new IllegalStateException("listener in state " + step + " got a completion (res " + res
                    + ") it did not ask for");
        }
        return DispatchResult.STEP;
    }

    /** Queues the request of {@code step}, or the close when one was asked for meanwhile. */
    private void next(ListenerState step) {
        if (closeRequested) {
            startClose();
            return;
        }
        state = step;
        send(owner.steps.stepSqe());
    }

    /** Writes the current step into {@code sqe}, or defers it (null: the SQ is full) to the next submit. */
    private void send(Sqe sqe) {
        if (sqe == null) {
            owner.steps.defer(token);
        } else {
            writeStep(sqe);
        }
    }

    /** A deferred step got its entry; the state has not moved meanwhile (its completion comes after). */
    boolean writeDeferred(Sqe sqe) {
        writeStep(sqe);
        return true;
    }

    /** The request of the current state: the socket, a setup step, or the close. */
    private void writeStep(Sqe sqe) {
        requests.write(sqe, state, fd, optionsSet);
        sqe.userData(token);
    }

    private void armAccept() {
        acceptor = fixedFile
                ? owner.acceptDirect(fd, true, 0, acceptEvents)
                : owner.accept(fd, false, SockFlags.CLOEXEC, acceptEvents);
    }

    private void fail(ListenerState step, int res) {
        failedStep = step;
        failedRes = res;
        if (fd >= 0) {
            startClose();
        } else {
            finish(ListenerState.FAILED);
        }
    }

    // ---------------------------------------------------------------- teardown

    /**
     * Cancels the accept and closes the listening socket, through the ring: the listener is
     * {@link ListenerState#CLOSING} until both are done, then {@link ListenerState#CLOSED} (and
     * {@link ListenerHandler#onClosed}). During setup, the step in flight finishes first. Does
     * nothing once closing or final. The requests go to the kernel with the next submit (on a
     * full SQ, they wait for it in the ring's deferred steps).
     */
    public void close() {
        if (closeRequested || state.isFinal()) {
            return;
        }
        closeRequested = true;
        if (state == ListenerState.LISTENING) {
            startClose();
        }
    }

    private void startClose() {
        state = ListenerState.CLOSING;
        if (acceptor != null) {
            acceptor.cancel();
        }
        closeInFlight = true;
        send(owner.steps.stepSqe());
    }

    private void finishCloseIfDone() {
        if (state == ListenerState.CLOSING && !closeInFlight
                && (acceptor == null || acceptor.state() == MultishotState.STOPPED)) {
            finish(failedStep != null ? ListenerState.FAILED : ListenerState.CLOSED);
        }
    }

    private void finish(ListenerState last) {
        state = last;
        owner.steps.release(token);
        arena.close();
        if (last == ListenerState.FAILED) {
            handler.onFailed(this, failedStep, failedRes);
        } else {
            handler.onClosed(this);
        }
    }

    /**
     * Arms the multishot accept again after it stopped by itself (e.g. {@link MultishotEnd#COMPLETED}
     * on a full CQ, or an error such as {@code -EMFILE} once fds are free again).
     *
     * @return the new accept subscription
     * @throws IllegalStateException when not {@link ListenerState#LISTENING} or the accept is still armed
     */
    public Multishot rearmAccept() {
        if (state != ListenerState.LISTENING) {
            throw new IllegalStateException("rearmAccept: the listener is " + state + ", not LISTENING");
        }
        acceptor = acceptor.rearm();
        return acceptor;
    }

    // ---------------------------------------------------------------- properties

    /** {@return the current state} */
    public ListenerState state() {
        return state;
    }

    /** {@return the listening socket: an fd, or a registered-file slot when {@link #isFixedFile()}; -1 before the socket exists} */
    public int fd() {
        return fd;
    }

    /** {@return true when the socket and the accepted connections are registered-file slots (fixed files), not regular fds} */
    public boolean isFixedFile() {
        return fixedFile;
    }

    /** {@return the address it binds to, as requested (port 0 stays 0; see {@link #boundAddress()})} */
    public SocketAddress address() {
        return address;
    }

    /**
     * The address the socket is bound to, read from the kernel (getsockname): with port 0, the
     * port the kernel chose.
     *
     * @return the bound address
     * @throws IllegalStateException before the bind completed, or for a fixed-file listener (a
     *                               registered-only descriptor has no fd to ask about)
     */
    public SocketAddress boundAddress() {
        if (fixedFile) {
            throw new IllegalStateException("a fixed-file listener has no regular fd; getsockname needs one"
                    + " (bind to a known port, or use a plain listener)");
        }
        if (state != ListenerState.LISTEN && state != ListenerState.LISTENING) { // after the BIND completed
            throw new IllegalStateException("boundAddress: the listener is " + state + "; the bind has not completed");
        }
        return SocketAddresses.localAddress(fd);
    }

    /** {@return the current accept subscription, or null before {@link ListenerState#LISTENING}} */
    public Multishot acceptor() {
        return acceptor;
    }

    /** {@return the options of the accepted sockets} */
    public ListenerOptions options() {
        return options;
    }

    /** {@return the setup step that failed, or null} */
    public ListenerState failedStep() {
        return failedStep;
    }

    /** {@return the failed step's {@code res} ({@code -errno}), or 0} */
    public int failedRes() {
        return failedRes;
    }

    private Ring ring() {
        return owner.ring();
    }

    @Override
    public String toString() {
        return "Listener[" + address + (fixedFile ? ", fixed-file slot " : ", fd ") + fd + ", " + state
                + (failedStep == null ? "" : ", " + failedStep + " failed: " + failedRes) + "]";
    }

    /** Passes accept events to the caller's handler and finishes a close once the accept has stopped. */
    private final class AcceptEvents implements MultishotHandler {
        @Override
        public void onCompletion(Multishot sub, Cqe cqe) {
            handler.onCompletion(sub, cqe);
        }

        @Override
        public void onEnd(Multishot sub, MultishotEnd end, int res) {
            try {
                handler.onEnd(sub, end, res);
            } finally {
                finishCloseIfDone();
            }
        }
    }
}
