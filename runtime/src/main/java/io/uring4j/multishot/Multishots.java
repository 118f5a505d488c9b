package io.uring4j.multishot;

import io.uring4j.CompletionHandler;
import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.Sqe;
import io.uring4j.context.ContextPool;
import io.uring4j.context.DirectUserData;
import io.uring4j.internal.Checks;
import io.uring4j.kernel.structs.KernelTimespec;
import io.uring4j.kernel.structs.Msghdr;
import io.uring4j.net.RecvmsgView;
import java.lang.foreign.MemorySegment;

/**
 * The multishot subscriptions of one ring: arms them ({@link #accept}, {@link #recv},
 * {@link #recvmsg}, {@link #poll}, {@link #timeout}, {@link #read}, ...) and routes each
 * completion to its owner with one call, {@link #dispatch(Cqe)}.
 *
 * <p>Every subscription takes two tokens of the {@link ContextPool} given here (see
 * {@link Multishot}); a {@link Listener} takes one. The pool may be shared with the caller's own
 * requests: their completions come back from {@code dispatch} as
 * {@link DispatchResult#NOT_OURS} (direct-mode values too, see
 * {@link io.uring4j.context.DirectUserData}).
 *
 * <p>The arming methods queue one SQE and return the subscription in state
 * {@link MultishotState#ACTIVE}; the kernel sees it with the next {@link Ring#submit()}. They
 * check their arguments and the pool before queueing anything: on failure nothing is queued
 * and no token is held. A full SQ is no failure: every request the library owes the kernel (an
 * arm or re-arm, a cancel and its retry after {@code -EALREADY}, a {@link Listener}'s next step)
 * waits in the ring's queue of deferred steps and goes out with the next {@link Ring#submit()},
 * in the order it was asked for, so no lifecycle stalls or loses a step. Not thread-safe: the
 * ring's owner thread arms, cancels and dispatches. {@link #dispatch(Cqe)} allocates nothing.
 *
 * <pre>{@code
 * Multishots multishots = new Multishots(ring, 1024);          // up to 1024 subscriptions
 * multishots.accept(listenFd, SockFlags.CLOEXEC, onConnection);
 * CompletionHandler route = cqe -> multishots.dispatch(cqe);   // made once
 * for (;;) {
 *     ring.submit();
 *     ring.waitFor(1);
 *     ring.drain(route);
 * }
 * }</pre>
 */
public final class Multishots {
    private final Ring ring;
    private final ContextPool pool;
    /** Tokens and SQ entries for the requests of this registry's subscriptions and listeners. */
    final StepTokens steps;
    private int live;
    private long armed;
    private long retired;

    /**
     * A registry whose subscriptions take their tokens from {@code pool}.
     *
     * @param ring the ring; the calling thread must be allowed to submit or register on it
     * @param pool the context pool whose tokens the requests carry
     * @throws IllegalArgumentException when {@code ring} or {@code pool} is null
     */
    public Multishots(Ring ring, ContextPool pool) {
        if (ring == null) {
            throw new IllegalArgumentException("ring must not be null");
        }
        if (pool == null) {
            throw new IllegalArgumentException("pool must not be null");
        }
        this.ring = ring;
        this.pool = pool;
        this.steps = new StepTokens(ring, pool);
    }

    /**
     * A registry with a pool of its own, sized for {@code maxSubscriptions} subscriptions (two
     * tokens each).
     *
     * @param ring the ring; the calling thread must be allowed to submit or register on it
     * @param maxSubscriptions the most subscriptions armed at once
     * @throws IllegalArgumentException when {@code maxSubscriptions} is not in 1..{@link ContextPool#MAX_CAPACITY}/2
     */
    public Multishots(Ring ring, int maxSubscriptions) {
        this(ring, new ContextPool(checkMax(maxSubscriptions) * 2, 0));
    }

    private static int checkMax(int max) {
        if (max < 1 || max > ContextPool.MAX_CAPACITY / 2) {
            throw new IllegalArgumentException("maxSubscriptions must be in 1.." + ContextPool.MAX_CAPACITY / 2
                    + "; was " + max);
        }
        return max;
    }

    // ---------------------------------------------------------------- arming

    /**
     * Multishot accept on listening socket {@code fd}: each result is a new connection's fd.
     *
     * @param sockFlags {@link io.uring4j.kernel.flags.SockFlags} for the new sockets (NONBLOCK, CLOEXEC)
     * @param fd the file descriptor
     * @param handler receives the completions, on the thread that dispatches them
     * @return the subscription; it is armed when its SQE is submitted
     */
    public Multishot accept(int fd, int sockFlags, MultishotHandler handler) {
        return accept(fd, false, sockFlags, handler);
    }

    /**
     * Like {@link #accept(int, int, MultishotHandler)}; with {@code fixedFile}, {@code fd} is a registered-file slot.
     *
     * @param fd a file descriptor, or a registered-file slot with {@code fixedFile}
     * @param fixedFile true when {@code fd} is a registered-file slot ({@code IOSQE_FIXED_FILE}), false for a regular fd
     * @param sockFlags flags for the accepted sockets ({@code SOCK_NONBLOCK}, {@code SOCK_CLOEXEC})
     * @param handler receives the completions, on the thread that dispatches them
     * @return the subscription; it is armed when its SQE is submitted
     */
    public Multishot accept(int fd, boolean fixedFile, int sockFlags, MultishotHandler handler) {
        return arm(MultishotKind.ACCEPT, checkFd(fd), fixedFile, 0, sockFlags, 0, null, handler);
    }

    /**
     * Multishot accept into the registered file table: each result is the slot the kernel
     * picked (the ring needs a sparse file table with free slots; {@code -ENFILE} when full).
     * With {@code fixedFile}, the listening socket {@code fd} is itself a registered-file slot.
     *
     * @param sockFlags {@link io.uring4j.kernel.flags.SockFlags#NONBLOCK} or 0 (CLOEXEC is refused by the kernel)
     * @param fd a file descriptor, or a registered-file slot with {@code fixedFile}
     * @param fixedFile true when {@code fd} is a registered-file slot ({@code IOSQE_FIXED_FILE}), false for a regular fd
     * @param handler receives the completions, on the thread that dispatches them
     * @return the subscription; it is armed when its SQE is submitted
     */
    public Multishot acceptDirect(int fd, boolean fixedFile, int sockFlags, MultishotHandler handler) {
        return arm(MultishotKind.ACCEPT_DIRECT, checkFd(fd), fixedFile, 0, sockFlags, 0, null, handler);
    }

    /**
     * Multishot receive on socket {@code fd} into buffers of provided-buffer group {@code bufGroup}.
     *
     * @param fd the file descriptor
     * @param bufGroup the provided-buffer group the kernel picks buffers from
     * @param handler receives the completions, on the thread that dispatches them
     * @return the subscription; it is armed when its SQE is submitted
     */
    public Multishot recv(int fd, int bufGroup, MultishotHandler handler) {
        return recv(fd, false, bufGroup, handler);
    }

    /**
     * Like {@link #recv(int, int, MultishotHandler)}; with {@code fixedFile}, {@code fd} is a registered-file slot.
     *
     * @param fd a file descriptor, or a registered-file slot with {@code fixedFile}
     * @param fixedFile true when {@code fd} is a registered-file slot ({@code IOSQE_FIXED_FILE}), false for a regular fd
     * @param bufGroup the provided-buffer group the kernel picks buffers from
     * @param handler receives the completions, on the thread that dispatches them
     * @return the subscription; it is armed when its SQE is submitted
     */
    public Multishot recv(int fd, boolean fixedFile, int bufGroup, MultishotHandler handler) {
        return arm(MultishotKind.RECV, checkFd(fd), fixedFile, checkGroup(bufGroup), 0, 0, null, handler);
    }

    /**
     * Multishot recvmsg on socket {@code fd}: each result is a provided buffer holding a
     * {@code struct io_uring_recvmsg_out}, the source name, control data and payload, read with
     * {@link RecvmsgView}.
     *
     * @param msgTemplate a {@code struct msghdr} whose {@code msg_namelen} and
     *                    {@code msg_controllen} say how much room to keep for name and control
     *                    data (see {@link RecvmsgView#template}); referenced until the subscription stops
     * @param fd the file descriptor
     * @param bufGroup the provided-buffer group the kernel picks buffers from
     * @param handler receives the completions, on the thread that dispatches them
     * @return the subscription; it is armed when its SQE is submitted
     */
    public Multishot recvmsg(int fd, MemorySegment msgTemplate, int bufGroup, MultishotHandler handler) {
        return recvmsg(fd, false, msgTemplate, bufGroup, 0, handler);
    }

    /**
     * Like {@link #recvmsg(int, MemorySegment, int, MultishotHandler)}; with {@code fixedFile},
     * {@code fd} is a registered-file slot; {@code msgFlags} ({@link io.uring4j.kernel.flags.MsgFlags})
     * go to every receive, e.g. {@code TRUNC} so that a datagram socket reports a cut datagram's
     * full length in {@link RecvmsgView#payloadLengthOnWire()} ({@code WAITALL} is refused by the kernel).
     *
     * @param fd a file descriptor, or a registered-file slot with {@code fixedFile}
     * @param fixedFile true when {@code fd} is a registered-file slot ({@code IOSQE_FIXED_FILE}), false for a regular fd
     * @param msgTemplate a {@code msghdr} whose name and control lengths tell the kernel how to lay out each buffer
     *                    (from {@link RecvmsgView#template}; its address fields must be 0)
     * @param bufGroup the provided-buffer group the kernel picks buffers from
     * @param msgFlags recvmsg(2) flags
     * @param handler receives the completions, on the thread that dispatches them
     * @return the subscription; it is armed when its SQE is submitted
     * @throws IllegalArgumentException when {@code msgTemplate} is too small, not live native memory, or
     *                                  holds an address
     */
    public Multishot recvmsg(int fd, boolean fixedFile, MemorySegment msgTemplate, int bufGroup, int msgFlags,
            MultishotHandler handler) {
        Checks.struct(msgTemplate, Msghdr.SIZE, false, "msgTemplate");
        // The template goes to the kernel unchecked (recvmsgMultishotUnchecked): only the two lengths
        // may be set, so it carries no address the kernel could follow.
        if (Msghdr.msgName(msgTemplate, 0) != 0 || Msghdr.msgIov(msgTemplate, 0) != 0
                || Msghdr.msgIovlen(msgTemplate, 0) != 0 || Msghdr.msgControl(msgTemplate, 0) != 0) {
            throw new IllegalArgumentException("msgTemplate must set only msg_namelen and msg_controllen (its name,"
                    + " iovec and control addresses must be 0); make it with RecvmsgView.template");
        }
        return arm(MultishotKind.RECVMSG, checkFd(fd), fixedFile, checkGroup(bufGroup), msgFlags, 0, msgTemplate,
                handler);
    }

    /**
     * Multishot poll of {@code fd}: a completion with the ready mask for every readiness event.
     *
     * @param events {@link io.uring4j.kernel.flags.PollEvents} to wait for
     * @param fd the file descriptor
     * @param handler receives the completions, on the thread that dispatches them
     * @return the subscription; it is armed when its SQE is submitted
     */
    public Multishot poll(int fd, int events, MultishotHandler handler) {
        return poll(fd, false, events, handler);
    }

    /**
     * Like {@link #poll(int, int, MultishotHandler)}; with {@code fixedFile}, {@code fd} is a registered-file slot.
     *
     * @param fd a file descriptor, or a registered-file slot with {@code fixedFile}
     * @param fixedFile true when {@code fd} is a registered-file slot ({@code IOSQE_FIXED_FILE}), false for a regular fd
     * @param events the poll events ({@code EpollEvents} / poll(2) bits)
     * @param handler receives the completions, on the thread that dispatches them
     * @return the subscription; it is armed when its SQE is submitted
     */
    public Multishot poll(int fd, boolean fixedFile, int events, MultishotHandler handler) {
        return arm(MultishotKind.POLL, checkFd(fd), fixedFile, 0, events, 0, null, handler);
    }

    /**
     * A repeating timer: one completion per period of {@code period}, {@code count} times (the
     * last one without {@code F_MORE}, ending the subscription {@link MultishotEnd#COMPLETED}),
     * or until cancelled when {@code count} is 0.
     *
     * @param period       a {@code struct kernel_timespec} (relative); referenced until the subscription stops
     * @param count        periods, 0 (forever) to 2<sup>32</sup>-1
     * @param timeoutFlags {@link io.uring4j.kernel.flags.TimeoutFlags}: a clock, ETIME_SUCCESS
     * @param handler receives the completions, on the thread that dispatches them
     * @return the subscription; it is armed when its SQE is submitted
     */
    public Multishot timeout(MemorySegment period, long count, int timeoutFlags, MultishotHandler handler) {
        Checks.struct(period, KernelTimespec.SIZE, false, "period");
        if (count < 0 || count > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("count must be in 0..2^32-1 (0: until cancelled); was " + count);
        }
        return arm(MultishotKind.TIMEOUT, -1, false, 0, timeoutFlags, count, period, handler);
    }

    /**
     * Multishot read of pollable file {@code fd} (pipe, socket, eventfd, tty) into buffers of
     * provided-buffer group {@code bufGroup}, each read up to a whole buffer.
     *
     * @param fd the file descriptor
     * @param bufGroup the provided-buffer group the kernel picks buffers from
     * @param handler receives the completions, on the thread that dispatches them
     * @return the subscription; it is armed when its SQE is submitted
     */
    public Multishot read(int fd, int bufGroup, MultishotHandler handler) {
        return read(fd, false, bufGroup, 0, handler);
    }

    /**
     * Like {@link #read(int, int, MultishotHandler)}; with {@code fixedFile}, {@code fd} is a
     * registered-file slot; {@code maxBytes} caps each read (0: the buffer's size).
     *
     * @param fd a file descriptor, or a registered-file slot with {@code fixedFile}
     * @param fixedFile true when {@code fd} is a registered-file slot ({@code IOSQE_FIXED_FILE}), false for a regular fd
     * @param bufGroup the provided-buffer group the kernel picks buffers from
     * @param maxBytes the most bytes one completion may carry, 0 for the buffer size
     * @param handler receives the completions, on the thread that dispatches them
     * @return the subscription; it is armed when its SQE is submitted
     */
    public Multishot read(int fd, boolean fixedFile, int bufGroup, int maxBytes, MultishotHandler handler) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0 (0: a whole buffer); was " + maxBytes);
        }
        return arm(MultishotKind.READ, checkFd(fd), fixedFile, checkGroup(bufGroup), maxBytes, 0, null, handler);
    }

    /** Takes two tokens and an SQE, or nothing; then queues the request. */
    Multishot arm(MultishotKind kind, int fd, boolean fixedFile, int bufGroup, int arg, long count,
            MemorySegment memory, MultishotHandler handler) {
        if (handler == null) {
            throw new IllegalArgumentException("handler must not be null");
        }
        long token = steps.acquire("a " + kind + " subscription");
        long cancelToken = ContextPool.EXHAUSTED;
        Sqe sqe;
        try {
            cancelToken = steps.acquire("a " + kind + " subscription");
            sqe = steps.stepSqe();
        } catch (RuntimeException e) { // nothing taken stays taken
            steps.release(token);
            if (cancelToken != ContextPool.EXHAUSTED) {
                steps.release(cancelToken);
            }
            throw e;
        }
        Multishot sub = new Multishot(this, kind, fd, fixedFile, bufGroup, arg, count, memory, handler, token,
                cancelToken);
        steps.attach(token, sub);
        steps.attach(cancelToken, sub);
        if (sqe != null) {
            sub.prep(sqe);
        } else {
            steps.defer(token);
        }
        live++;
        armed++;
        return sub;
    }

    // ---------------------------------------------------------------- dispatch

    /**
     * Routes one completion to its subscription (or {@link Listener}): resolves its
     * {@code user_data} in the pool and hands it over; the subscription's handler runs inside
     * this call. Allocates nothing.
     *
     * @param cqe the completion, valid during this call only
     * @return what the completion was; {@link DispatchResult#NOT_OURS} leaves it to the caller
     */
    public DispatchResult dispatch(Cqe cqe) {
        return steps.dispatch(cqe);
    }

    // ---------------------------------------------------------------- state

    /**
     * Subscriptions armed and not yet retired (some of their requests still in flight).
     *
     * @return subscriptions armed and not yet ended
     */
    public int live() {
        return live;
    }

    /**
     * Subscriptions armed since this registry was made.
     *
     * @return subscriptions armed since the start
     */
    public long armed() {
        return armed;
    }

    /**
     * Subscriptions retired since this registry was made: each one exactly once.
     *
     * @return subscriptions ended since the start
     */
    public long retired() {
        return retired;
    }

    /** {@return the ring the requests go to} */
    public Ring ring() {
        return ring;
    }

    /** {@return the pool the tokens come from} */
    public ContextPool pool() {
        return pool;
    }

    /** {@return steps of this ring waiting for a free SQ entry (this registry's and others')} */
    public int deferredSteps() {
        return steps.deferredSteps();
    }

    void retired(Multishot sub) {
        live--;
        retired++;
    }

    private static int checkFd(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("fd must be a descriptor or registered-file slot >= 0; was " + fd);
        }
        return fd;
    }

    private static int checkGroup(int bufGroup) {
        Checks.u16(bufGroup, "bufGroup");
        return bufGroup;
    }
}
