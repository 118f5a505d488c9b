package io.uring4j;

import io.uring4j.kernel.flags.AsyncCancelFlags;

/**
 * The held-memory step of {@link Ring#close()}: before the ring lets go of the segments its
 * requests hold (and frees deferred {@link IoArena}s), it cancels every request in flight
 * ({@code ASYNC_CANCEL} with {@code ANY}) and reaps until each request holding memory has
 * completed, at most {@link #BOUND_NANOS}. Completions reaped here are discarded: the ring is
 * closing. Only a thread allowed to submit can cancel (the owner of a single-issuer ring, or a
 * thread that gets the submit lock); from another thread nothing is cancelled here, and the
 * kernel cancels the requests when the fd closes. Either way nothing is released here: the
 * ring's close releases held memory only once no request holding it is in flight (see
 * {@link CloseQuarantine}).
 */
final class InFlightDrain {
    /** How long close waits for cancelled requests to complete. */
    static final long BOUND_NANOS = 1_000_000_000L;
    private static final long SLICE_NANOS = 50_000_000L;
    private static final long LOCK_WAIT_MILLIS = 100;
    /** user_data of the cancel request itself. */
    private static final long CANCEL_MARKER = 0xC105E_0000_0001L;

    private InFlightDrain() {}

    /**
     * Cancels and reaps what holds memory. Never throws.
     *
     * @return true when no request holding memory is in flight any more
     */
    static boolean cancelAndDrain(Ring ring) {
        InFlight inFlight = ring.inFlight;
        try {
            if (inFlight.busy() && ring.enabled && mayEnter(ring)) {
                try {
                    cancelAll(ring);
                    reap(ring, inFlight);
                } finally {
                    if (ring.owner() == null) {
                        ring.submitLock().unlock();
                    }
                }
            }
        } catch (RuntimeException e) {
            // Closing goes on: the fd close makes the kernel cancel what is left.
        }
        return !inFlight.busy();
    }

    private static boolean mayEnter(Ring ring) {
        Thread owner = ring.owner();
        if (owner != null) {
            return owner == Thread.currentThread();
        }
        try {
            // Submitters hold the lock only from nextSqe() to submit(): wait a little for it.
            return ring.submitLock().tryLock(LOCK_WAIT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void cancelAll(Ring ring) {
        SubmissionQueue sq = ring.sq;
        Sqe s = sq.next();
        if (s == null) {
            ring.enter.submit(sq, 0, false);
            s = sq.next();
        }
        if (s != null) {
            s.asyncCancel(0L, AsyncCancelFlags.ANY).userData(CANCEL_MARKER);
        }
        ring.enter.submit(sq, 0, false);
    }

    private static void reap(Ring ring, InFlight inFlight) {
        CompletionQueue cq = ring.cq;
        long deadline = System.nanoTime() + BOUND_NANOS;
        for (;;) {
            while (cq.peek() != null) {
                cq.seen();
            }
            if (!inFlight.busy()) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            if (ring.sq.needsCqFlush()) {
                ring.enter.flush();
            }
            ring.enter.awaitTimed(cq, 1, Math.min(left, SLICE_NANOS), 0);
        }
    }
}
