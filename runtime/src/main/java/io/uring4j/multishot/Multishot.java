package io.uring4j.multishot;

import io.uring4j.Cqe;
import io.uring4j.Sqe;
import io.uring4j.context.ContextPool;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.SqeFlags;
import java.lang.foreign.MemorySegment;

/**
 * One armed multishot request — accept, recv, recvmsg, poll, timeout or read — and its
 * lifecycle: {@link MultishotState#ACTIVE} → {@link MultishotState#CANCELLING} →
 * {@link MultishotState#STOPPED}, where STOPPED is final. Made (and its SQE queued) by a
 * {@link Multishots} registry; its completions reach its {@link MultishotHandler} through
 * {@link Multishots#dispatch(Cqe)}.
 *
 * <p>Identity: the request's {@code user_data} is a {@link io.uring4j.context.ContextPool} token
 * whose slot's attachment is this object. A second token, taken at the same time, is kept for
 * the cancel request, so {@link #cancel()} never fails for want of a pool slot and the cancel's
 * own completion is told apart from the request's. The request's slot is released when its last
 * completion is dispatched, the cancel's when the cancel completes (or at once, if none was
 * sent); when both are back the subscription is <em>retired</em>, exactly once. A completion
 * that arrives for a released slot resolves as stale in the pool and is never delivered here.
 *
 * <p>Cancel race: the request may end on its own (end of stream, an error, no buffers) while
 * the cancel is on its way. Either order of the two completions is handled: the request's last
 * completion stops the subscription whatever it says, and the cancel's answer ({@code 0},
 * {@code -ENOENT} when the request had already ended, {@code -EALREADY}) is only recorded.
 * On {@code -EALREADY} for a request that is still armed, the cancel is sent again.
 *
 * <p>Not thread-safe: use it on the ring's thread. Dispatching allocates nothing;
 * {@link #rearm()} allocates the new subscription.
 *
 * <pre>{@code
 * Multishot sub = multishots.recv(fd, buffers.groupId(), handler);
 * sub.attach(connection);                 // your per-connection state, found again in the handler
 * ring.submit();
 * ...
 * sub.cancel();                           // CANCELLING; handler.onEnd(sub, CANCELLED, ...) follows
 * }</pre>
 */
public final class Multishot {
    /** What {@link #cancelResult()} answers while no cancel has completed. */
    public static final int NO_CANCEL_RESULT = Integer.MIN_VALUE;

    private static final int EALREADY = Errno.EALREADY.value();

    private final Multishots owner;
    private final MultishotKind kind;
    private final int fd;
    private final boolean fixedFile;
    private final int bufGroup;
    /** accept: socket flags; recvmsg: msg flags; poll: events; timeout: timeout flags; read: bytes per read. */
    private final int arg;
    /** timeout: the number of periods. */
    private final long count;
    /** recvmsg: the msghdr template; timeout: the period. Kept referenced while the request lives. */
    private final MemorySegment memory;
    private final MultishotHandler handler;
    private final long token;
    private final long cancelToken;

    private Object attachment;
    private MultishotState state = MultishotState.ACTIVE;
    private boolean requestSlotHeld = true;
    private boolean cancelSlotHeld = true;
    private boolean cancelInFlight;
    private int cancelsSent;
    private int cancelResult = NO_CANCEL_RESULT;
    private MultishotEnd end;
    private int endRes;
    private long results;

    Multishot(Multishots owner, MultishotKind kind, int fd, boolean fixedFile, int bufGroup, int arg, long count,
            MemorySegment memory, MultishotHandler handler, long token, long cancelToken) {
        this.owner = owner;
        this.kind = kind;
        this.fd = fd;
        this.fixedFile = fixedFile;
        this.bufGroup = bufGroup;
        this.arg = arg;
        this.count = count;
        this.memory = memory;
        this.handler = handler;
        this.token = token;
        this.cancelToken = cancelToken;
    }

    /** Writes this subscription's request into {@code sqe}. */
    void prep(Sqe sqe) {
        switch (kind) {
            case ACCEPT -> sqe.acceptMultishot(fd, null, null, arg, 0);
            case ACCEPT_DIRECT -> sqe.acceptMultishotDirect(fd, null, null, arg, 0);
            case RECV -> sqe.recvMultishot(fd, bufGroup);
            case RECVMSG -> sqe.recvmsgMultishotUnchecked(fd, memory, bufGroup, arg, 0);
            case POLL -> sqe.pollMultishot(fd, arg);
            case TIMEOUT -> sqe.timeoutMultishot(memory, count, arg);
            case READ -> sqe.readMultishot(fd, bufGroup, arg, -1L);
        }
        if (fixedFile) {
            sqe.flags(SqeFlags.FIXED_FILE);
        }
        sqe.userData(token);
    }

    // ---------------------------------------------------------------- dispatch

    /** Handles a completion whose token resolved to one of this subscription's slots. */
    DispatchResult complete(long userData, Cqe cqe) {
        if (userData == cancelToken) {
            cancelCompleted(cqe.res());
            return DispatchResult.CANCEL_ACK;
        }
        if (cqe.isMore()) {
            results++;
            handler.onCompletion(this, cqe);
            return DispatchResult.RESULT;
        }
        int res = cqe.res();
        boolean deliver = kind.isResult(res) || cqe.isBuffer();
        // Stop before calling out, so the handler sees STOPPED and may rearm() at once.
        state = MultishotState.STOPPED;
        end = kind.endOf(res);
        endRes = res;
        requestSlotHeld = false;
        owner.steps.release(token);
        if (!cancelInFlight) {
            releaseCancelSlot();
        }
        try {
            if (deliver) {
                results++;
                handler.onCompletion(this, cqe);
            }
        } finally {
            handler.onEnd(this, end, res);
        }
        return DispatchResult.ENDED;
    }

    private void cancelCompleted(int res) {
        cancelInFlight = false;
        cancelResult = res;
        if (state == MultishotState.STOPPED) {
            releaseCancelSlot();
        } else if (res == -EALREADY) {
            // The request was running when the cancel looked; a multishot keeps going, so ask
            // again (on a full SQ, with the next submit).
            queueCancel();
        }
    }

    private void releaseCancelSlot() {
        cancelSlotHeld = false;
        owner.steps.release(cancelToken);
        owner.retired(this);
    }

    // ---------------------------------------------------------------- control

    /**
     * Queues an {@code ASYNC_CANCEL} of this request (by its {@code user_data}) and moves to
     * {@link MultishotState#CANCELLING}. Does nothing when the subscription is already stopped or
     * a cancel of it is still in flight. The SQE goes to the kernel with the next submit; on a
     * full SQ it waits in the ring's deferred steps and goes with the next submit all the same.
     *
     * @return true if a cancel was queued
     * @throws IllegalStateException on a thread other than the ring's owner
     */
    public boolean cancel() {
        if (state == MultishotState.STOPPED || cancelInFlight) {
            return false;
        }
        queueCancel();
        return true;
    }

    private void queueCancel() {
        Sqe sqe = owner.steps.stepSqe();
        cancelInFlight = true;
        cancelsSent++;
        state = MultishotState.CANCELLING;
        if (sqe != null) {
            writeCancel(sqe);
        } else {
            owner.steps.defer(cancelToken);
        }
    }

    private void writeCancel(Sqe sqe) {
        sqe.asyncCancel(token).userData(cancelToken);
    }

    /**
     * Writes a step that met a full SQ: the request itself ({@code arm}) or its cancel. A cancel
     * whose request ended meanwhile is not needed any more: it counts as answered and frees its slot.
     */
    boolean writeDeferred(Sqe sqe, boolean arm) {
        if (arm) {
            prep(sqe);
            return true;
        }
        if (state == MultishotState.STOPPED) {
            cancelInFlight = false;
            releaseCancelSlot();
            return false;
        }
        writeCancel(sqe);
        return true;
    }

    /**
     * Arms the same request again — same kind, file, buffer group, arguments, handler and
     * attachment — as a new subscription with new tokens, its SQE queued. For a subscription that
     * stopped with an end worth re-arming ({@link MultishotEnd#canRearm()}), e.g. after
     * {@link MultishotEnd#NO_BUFFERS} once buffers are back. Allocates the new object.
     *
     * @return the subscription; it is armed when its SQE is submitted
     * @throws IllegalStateException when this subscription is not {@link MultishotState#STOPPED}
     *                               or the pool has fewer than two free slots (a full SQ defers
     *                               the SQE, see {@link Multishots})
     */
    public Multishot rearm() {
        if (state != MultishotState.STOPPED) {
            throw new IllegalStateException("rearm: the subscription is " + state + "; only a STOPPED one can be"
                    + " armed again (cancel it and wait for its end)");
        }
        Multishot next = owner.arm(kind, fd, fixedFile, bufGroup, arg, count, memory, handler);
        next.attachment = attachment;
        return next;
    }

    // ---------------------------------------------------------------- properties

    /** {@return the lifecycle state} */
    public MultishotState state() {
        return state;
    }

    /**
     * Why it stopped, or null while not {@link MultishotState#STOPPED}.
     *
     * @return why the subscription ended, or null while it runs
     */
    public MultishotEnd end() {
        return end;
    }

    /** {@return the {@code res} of the last completion; meaningful once stopped} */
    public int endRes() {
        return endRes;
    }

    /** {@return true once both of its pool slots are released: nothing of it is in flight any more} */
    public boolean isRetired() {
        return !requestSlotHeld && !cancelSlotHeld;
    }

    /** {@return true while a cancel of it is queued or in flight} */
    public boolean isCancelInFlight() {
        return cancelInFlight;
    }

    /**
     * Cancels queued so far (more than one only after an {@code -EALREADY} answer).
     *
     * @return cancels queued for this subscription
     */
    public int cancelsSent() {
        return cancelsSent;
    }

    /**
     * The {@code res} of the latest cancel's completion: 0 (found), {@code -ENOENT} (it had ended
     * already), {@code -EALREADY}; or {@link #NO_CANCEL_RESULT}.
     *
     * @return the {@code res} of the last cancel's completion
     */
    public int cancelResult() {
        return cancelResult;
    }

    /** {@return completions delivered to {@link MultishotHandler#onCompletion} so far} */
    public long results() {
        return results;
    }

    /** {@return what kind of request this is} */
    public MultishotKind kind() {
        return kind;
    }

    /** {@return the file it works on: an fd, or a registered-file slot when {@link #isFixedFile()}; -1 for a timeout} */
    public int fd() {
        return fd;
    }

    /** {@return true when {@link #fd()} is a registered-file slot (the SQE carries {@code IOSQE_FIXED_FILE})} */
    public boolean isFixedFile() {
        return fixedFile;
    }

    /** {@return the provided-buffer group it takes buffers from; 0 for kinds that take none} */
    public int bufferGroup() {
        return bufGroup;
    }

    /** {@return the request's {@code user_data} (a pool token)} */
    public long userData() {
        return token;
    }

    /** {@return the {@code user_data} its cancel request carries (a second pool token)} */
    public long cancelUserData() {
        return cancelToken;
    }

    /** {@return the caller's object for this subscription, or null} */
    public Object attachment() {
        return attachment;
    }

    /**
     * Sets the caller's object for this subscription (kept by {@link #rearm()}).
     *
     * @param attachment any object the slot keeps for its owner, or null
     */
    public void attach(Object attachment) {
        this.attachment = attachment;
    }

    /** {@return the registry that made it} */
    public Multishots owner() {
        return owner;
    }

    @Override
    public String toString() {
        return "Multishot[" + kind + (kind == MultishotKind.TIMEOUT ? "" : (fixedFile ? " slot " : " fd ") + fd)
                + ", " + state + (end == null ? "" : " " + end + " (" + endRes + ")") + ", results=" + results + "]";
    }
}
