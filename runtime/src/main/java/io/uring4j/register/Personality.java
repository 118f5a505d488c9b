package io.uring4j.register;

import io.uring4j.Ring;
import io.uring4j.Sqe;
import io.uring4j.internal.RegisterCall;
import io.uring4j.kernel.flags.RegisterOp;

/**
 * A registered personality: the credentials of the thread that registered it, kept by the ring
 * under an id ({@code REGISTER_PERSONALITY}). A request whose SQE carries the id
 * ({@link Sqe#personality(int)}) runs with those credentials instead of the submitter's, e.g.
 * after the process has changed user.
 *
 * <pre>{@code
 * try (Personality p = Personality.register(ring)) {
 *     ring.nextSqe().openat(dirFd, path).personality(p.id());
 * }
 * }</pre>
 */
public final class Personality extends RingRegistration {
    private final int id;

    private Personality(Ring ring, int id) {
        super(ring, "personality");
        this.id = id;
    }

    /**
     * Registers the calling thread's current credentials.
     *
     * @param ring the ring; the calling thread must be allowed to submit or register on it
     * @return the registration; close it to unregister
     */
    public static Personality register(Ring ring) {
        return new Personality(ring, RegisterCall.on(ring).run(RegisterOp.REGISTER_PERSONALITY, null, 0));
    }

    /** {@return the id to put in {@link Sqe#personality(int)}; never 0, which means "the submitter's own"} */
    public int id() {
        return id;
    }

    /** {@code UNREGISTER_PERSONALITY}: requests naming the id afterwards fail with EINVAL. */
    @Override
    void unregister() {
        RegisterCall.on(ring).run(RegisterOp.UNREGISTER_PERSONALITY, null, id);
    }

    @Override
    public String toString() {
        return "Personality[id=" + id + (isClosed() ? ", closed" : "") + "]";
    }
}
