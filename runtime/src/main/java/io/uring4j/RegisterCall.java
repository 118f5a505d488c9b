package io.uring4j;

import java.lang.foreign.MemorySegment;

/**
 * The one path every registration class takes to io_uring_register(2): checks that the ring is
 * open and that the calling thread may register on it, makes the call, and turns a kernel error
 * into a {@link UringException} with a hint ({@link RegisterErrors}).
 */
final class RegisterCall {
    private RegisterCall() {}

    /**
     * Registers on {@code ring}; {@code arg} must be native and alive (or null).
     *
     * @return the kernel's non-negative result
     */
    static int run(Ring ring, int op, MemorySegment arg, int nrArgs) {
        checkCaller(ring);
        int r = ring.registerRaw(op, arg, nrArgs);
        if (r < 0) {
            throw RegisterErrors.failed(op, -r);
        }
        return r;
    }

    /**
     * Refuses a null or closed ring, and a caller other than the owner of a single-issuer ring:
     * the kernel ties such a ring to one task and answers anyone else with EEXIST.
     */
    static void checkCaller(Ring ring) {
        if (ring == null) {
            throw new IllegalArgumentException("ring must not be null");
        }
        if (ring.isClosed()) {
            throw new IllegalStateException("the ring is closed");
        }
        Thread owner = ring.owner();
        if (owner != null && owner != Thread.currentThread()) {
            throw new IllegalStateException("single-issuer ring: registration from thread "
                    + Thread.currentThread().getName() + " but its owner is " + owner.getName()
                    + "; the kernel accepts io_uring_register only from the owner thread");
        }
    }
}
