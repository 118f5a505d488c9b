package io.uring4j.internal;

import io.uring4j.Ring;
import io.uring4j.RingClosedException;
import io.uring4j.UringException;
import java.lang.foreign.MemorySegment;

/**
 * The one path to io_uring_register(2): {@link #on(Ring)} checks the caller once (ring open,
 * calling thread allowed), then {@link #run} or {@link #raw} make the call without checking
 * again. Every registration class and the ring itself register through here.
 */
public final class RegisterCall {
    private final Ring ring;

    /** One per ring, made by the ring itself; callers get it from {@link #on(Ring)}. */
    public RegisterCall(Ring ring) {
        this.ring = ring;
    }

    /**
     * Refuses a null or closed ring, and a caller other than the owner of a single-issuer ring
     * (the kernel ties such a ring to one task and answers anyone else with EEXIST); returns the
     * ring's register path.
     */
    public static RegisterCall on(Ring ring) {
        if (ring == null) {
            throw new IllegalArgumentException("ring must not be null");
        }
        if (ring.isClosed()) {
            throw new RingClosedException("io_uring_register");
        }
        Thread owner = ring.owner();
        if (owner != null && owner != Thread.currentThread()) {
            throw new IllegalStateException("single-issuer ring: registration from thread "
                    + Thread.currentThread().getName() + " but its owner is " + owner.getName()
                    + "; the kernel accepts io_uring_register only from the owner thread");
        }
        return RingAccess.get().registerCall(ring);
    }

    /**
     * Registers; {@code arg} must be native and alive (or null).
     *
     * @return the kernel's non-negative result
     * @throws UringException naming the register opcode, with a hint ({@link RegisterErrors})
     */
    public int run(int op, MemorySegment arg, int nrArgs) {
        int r = raw(op, arg, nrArgs);
        if (r < 0) {
            throw RegisterErrors.failed(op, -r);
        }
        return r;
    }

    /** Like {@link #run}, but returns {@code -errno} instead of throwing. */
    public int raw(int op, MemorySegment arg, int nrArgs) {
        long address = Checks.nullableAddress(arg, "arg");
        return Syscalls.register(RingAccess.get().errno(ring), ring.fd(), op, address, nrArgs);
    }
}
