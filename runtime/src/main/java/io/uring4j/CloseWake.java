package io.uring4j;

/**
 * Wakes a thread sleeping in a ring's wait when another thread closes the ring: a short-lived
 * ring posts a completion into it ({@code IORING_OP_MSG_RING}, Linux 5.18), which ends the
 * kernel wait at once instead of at the end of the waiter's slice (up to
 * {@link RingEnter#WAIT_SLICE_NANOS}). The waiter then sees the close (the completion carries
 * {@link #MARKER} and is discarded with the others). Best effort: if it fails, the slice still
 * bounds the wake-up. Costs a ring setup per cross-thread close, nothing on any other path.
 */
final class CloseWake {
    /** user_data of the wake-up completion. */
    static final long MARKER = 0xC105E_0000_0002L;
    private static final long WAIT_NANOS = 100_000_000L;

    private CloseWake() {}

    static void wake(Ring target) {
        if (Thread.currentThread().isVirtual()) {
            return; // a single-issuer waker ring cannot be owned by a virtual thread; the slice wakes
        }
        try (Ring waker = Ring.open(1)) {
            waker.nextSqe().msgRing(target.fd, 0, MARKER);
            waker.submit();
            waker.waitFor(1, WAIT_NANOS); // its own completion: the message went out (bounded, best effort)
        } catch (RuntimeException e) {
            // The waiter's slice ends the wait anyway.
        }
    }
}
