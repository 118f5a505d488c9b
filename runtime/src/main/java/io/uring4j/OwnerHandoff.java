package io.uring4j;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A close of a single-issuer ring from another thread than its owner. Only the owner may submit
 * the cancel and reap (the kernel refuses both from another task on a {@code SINGLE_ISSUER} /
 * {@code DEFER_TASKRUN} ring), so the closing thread asks it to: the owner does its part between
 * two wait slices when it is waiting, or at its next call on the ring, then leaves with a
 * {@link RingClosedException}. The closing thread waits for that up to {@link #CLAIM_NANOS}; if
 * the owner does not come (it is busy elsewhere), the ring is closed without it and the held
 * memory goes to {@link CloseQuarantine} until the owner thread exits.
 */
final class OwnerHandoff {
    /** How long a closing thread waits for the owner to take its part: a few wait slices on a loaded machine. */
    static final long CLAIM_NANOS = 250_000_000L;
    private static final int REQUESTED = 1;
    private static final int CLAIMED = 2;
    private static final int DRAINED = 3;
    private static final int NOT_DRAINED = 4;
    private static final int ABANDONED = 5;
    private final AtomicInteger state = new AtomicInteger();
    /** True while the owner runs its part (its own waits must not re-enter it); owner thread only. */
    private boolean ownerDraining;

    /** The closing thread: asks the owner and waits; {@return true when the owner cancelled and reaped everything held} */
    static boolean await(RingControl control, Ring ring) {
        OwnerHandoff h = control.handoff;
        long deadline = System.nanoTime() + CLAIM_NANOS;
        for (;;) {
            int s = h.state.get();
            if (s == DRAINED || s == NOT_DRAINED) {
                return s == DRAINED;
            }
            if (s == REQUESTED && System.nanoTime() - deadline > 0 && h.state.compareAndSet(REQUESTED, ABANDONED)) {
                return false;
            }
            LockSupport.parkNanos(100_000L); // CLAIMED: the owner's drain is bounded (InFlightDrain)
        }
    }

    /** The closing thread, before it marks the ring closed. */
    void request() {
        state.set(REQUESTED);
    }

    /** The owner, at a wait slice or a call: does its part once; {@return true when its call must end} */
    boolean ownerTakesClose(RingControl control, Ring ring) {
        if (ownerDraining) {
            return false; // the drain's own waits
        }
        if (state.compareAndSet(REQUESTED, CLAIMED)) {
            ownerDraining = true;
            boolean drained = false;
            try {
                drained = InFlightDrain.cancelAndDrain(ring);
                control.unregisterRingFd(RingEnter.threadErrno()); // only the owner can
            } catch (RuntimeException e) {
                // The closing thread goes on either way.
            } finally {
                ownerDraining = false;
                state.set(drained ? DRAINED : NOT_DRAINED);
            }
        }
        return state.get() != 0;
    }
}
