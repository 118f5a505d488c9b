package io.uring4j.multishot;

import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.Sqe;
import io.uring4j.context.ContextPool;
import io.uring4j.context.Resolution;
import io.uring4j.internal.DeferredStep;
import io.uring4j.internal.DeferredSteps;
import io.uring4j.internal.RingAccess;

/**
 * What the requests of one {@link Multishots} registry draw on: context-pool tokens (their
 * {@code user_data}) and SQ entries for the library's own steps (arm, re-arm, cancel, a
 * {@link Listener}'s next step). A step that finds the SQ full, or other steps already waiting,
 * joins the ring's queue of deferred steps, so steps go to the kernel in the order they were asked for.
 * Completions come back by the same tokens ({@link #dispatch}).
 */
final class StepTokens {
    private final Ring ring;
    private final ContextPool pool;
    /** The ring's queue of steps waiting for a free SQ entry, shared with other registries. */
    private final DeferredSteps deferred;
    /** Made once: the one callback that writes this registry's deferred steps. */
    private final DeferredStep writeDeferred = this::writeDeferred;

    StepTokens(Ring ring, ContextPool pool) {
        this.ring = ring;
        this.pool = pool;
        this.deferred = RingAccess.get().deferred(ring);
    }

    /**
     * {@return a free token}
     *
     * @param what what needs it, for the message when the pool is exhausted
     */
    long acquire(String what) {
        long token = pool.acquire();
        if (token == ContextPool.EXHAUSTED) {
            throw new IllegalStateException(what + " needs a free context-pool slot, but all " + pool.capacity()
                    + " are in use (a subscription takes two, a listener one): make the pool larger");
        }
        return token;
    }

    /** Makes {@code target} the owner of the completions that carry {@code token}. */
    void attach(long token, Object target) {
        pool.attach(pool.resolve(token), target);
    }

    void release(long token) {
        if (!pool.release(token)) {
            throw new IllegalStateException("token 0x" + Long.toHexString(token)
                    + " was released already: a subscription would be retired twice");
        }
    }

    /**
     * {@return a free SQ entry for a library step, or null when the step must wait: the SQ is
     * full, or steps wait already (they go first, so steps keep their order)}
     */
    Sqe stepSqe() {
        Sqe sqe = ring.tryNextSqe(); // checks the thread and the ring even when steps wait
        if (sqe != null && !deferred.isEmpty()) {
            // Give the entry back unprepared (the ring reclaims it) and queue behind the others.
            return null;
        }
        return sqe;
    }

    /** Queues the step of the request carrying {@code token} until the ring has a free entry. */
    void defer(long token) {
        deferred.add(writeDeferred, pool.resolve(token));
    }

    /** {@return steps of this ring waiting for a free SQ entry (this registry's and others')} */
    int deferredSteps() {
        return deferred.size();
    }

    /** Routes a completion to the subscription or listener its token names (see {@link Multishots#dispatch}). */
    DispatchResult dispatch(Cqe cqe) {
        long userData = cqe.userData();
        if (userData >= 0) {
            return DispatchResult.NOT_OURS; // direct mode: never a pool token
        }
        int slot = pool.resolve(userData);
        if (slot == Resolution.STALE) {
            return DispatchResult.STALE;
        }
        if (slot < 0) {
            return DispatchResult.NOT_OURS;
        }
        Object target = pool.attachment(slot);
        if (target instanceof Multishot sub) {
            return sub.complete(userData, cqe);
        }
        if (target instanceof Listener listener) {
            return listener.complete(cqe);
        }
        return DispatchResult.NOT_OURS;
    }

    /** Writes a deferred step: {@code slot} names its owner and, for a subscription, which request. */
    private boolean writeDeferred(Sqe sqe, int slot) {
        Object target = pool.attachment(slot);
        if (target instanceof Multishot sub) {
            return sub.writeDeferred(sqe, slot == pool.resolve(sub.userData()));
        }
        if (target instanceof Listener listener) {
            return listener.writeDeferred(sqe);
        }
        return false;
    }
}
