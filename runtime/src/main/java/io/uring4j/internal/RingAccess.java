package io.uring4j.internal;

import io.uring4j.Ring;
import io.uring4j.Sqe;
import java.lang.foreign.MemorySegment;

/**
 * What the runtime's other packages need from a {@link Ring} beyond its public API. The ring
 * installs the one implementation when its class initializes; this package is not exported, so
 * applications on the module path cannot reach it.
 */
public abstract class RingAccess {
    private static volatile RingAccess instance;

    /** Called once, by {@link Ring}'s static initializer. */
    protected RingAccess() {
        synchronized (RingAccess.class) {
            if (instance != null) {
                throw new IllegalStateException("RingAccess is installed by Ring only");
            }
            instance = this;
        }
    }

    /** {@return the installed access; initializes {@link Ring} first if nothing has yet} */
    public static RingAccess get() {
        RingAccess a = instance;
        if (a == null) {
            try {
                Class.forName(Ring.class.getName(), true, Ring.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new AssertionError(e);
            }
            a = instance;
        }
        return a;
    }

    /** {@return the errno capture segment for the calling thread} */
    public abstract MemorySegment errno(Ring ring);

    /** {@return the ring's register path (its caller already checked by {@link RegisterCall#on})} */
    public abstract RegisterCall registerCall(Ring ring);

    /** Registers an action run by {@link Ring#close()} (latest first) before the ring's memory is released. */
    public abstract void onClose(Ring ring, Runnable action);

    /** Drops an action registered with {@link #onClose} once its resource was closed first. */
    public abstract void forgetOnClose(Ring ring, Runnable action);

    /** {@return the ring whose SQ {@code sqe} writes, or null for a view of no ring} */
    public abstract Ring ringOf(Sqe sqe);

    /** {@return the ring's provided-buffer group records (requests in flight per group, provided memory)} */
    public abstract BufferGroups groups(Ring ring);

    /** {@return the ring's queue of library steps waiting for a free SQ entry (see {@link DeferredSteps})} */
    public abstract DeferredSteps deferred(Ring ring);

    /** {@return the CQ ring's flags word ({@code CqRingFlags}), read with acquire ordering} */
    public abstract int cqRingFlags(Ring ring);

    /** Writes the CQ ring's flags word ({@code CqRingFlags}) with release ordering. */
    public abstract void cqRingFlags(Ring ring, int flags);
}
