package io.uring4j.register;

import io.uring4j.Ring;
import io.uring4j.UringException;
import io.uring4j.internal.RegisterCall;
import io.uring4j.internal.RingAccess;
import io.uring4j.kernel.flags.CqRingFlags;
import io.uring4j.kernel.flags.RegisterOp;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * An eventfd the kernel signals when completions are posted to a ring
 * ({@code REGISTER_EVENTFD}, or {@code REGISTER_EVENTFD_ASYNC} for completions that finish
 * asynchronously only), so a ring can be watched by epoll or another event loop. A ring has at
 * most one; {@link #close()} unregisters it.
 *
 * <p>The eventfd stays the caller's: the kernel takes its own reference, so the caller may close
 * its fd whenever it no longer reads it. Each signal adds to the eventfd's counter; the counter
 * says that completions arrived, not how many.
 *
 * <pre>{@code
 * int efd = ...;   // eventfd(2)
 * try (EventFdRegistration reg = EventFdRegistration.register(ring, efd)) {
 *     ring.nextSqe().nop();
 *     ring.submit();   // efd becomes readable when the NOP's completion is posted
 * }
 * }</pre>
 */
public final class EventFdRegistration extends RingRegistration {
    private final int eventFd;
    private final boolean async;

    private EventFdRegistration(Ring ring, int eventFd, boolean async) {
        super(ring, "eventfd registration");
        this.eventFd = eventFd;
        this.async = async;
    }

    /**
     * Signals {@code eventFd} for every completion posted.
     *
     * @param ring the ring; the calling thread must be allowed to submit or register on it
     * @param eventFd an eventfd(2) descriptor
     * @return the registration; close it to unregister
     * @throws IllegalArgumentException when {@code eventFd} is negative
     * @throws UringException           EBUSY when the ring already has one, EBADF / EINVAL when
     *                                  {@code eventFd} is not an open eventfd
     */
    public static EventFdRegistration register(Ring ring, int eventFd) {
        return register(ring, eventFd, false);
    }

    /**
     * Signals {@code eventFd} only for completions of requests that did not finish inline.
     *
     * @param ring the ring; the calling thread must be allowed to submit or register on it
     * @param eventFd an eventfd(2) descriptor
     * @return the registration; close it to unregister
     */
    public static EventFdRegistration registerAsync(Ring ring, int eventFd) {
        return register(ring, eventFd, true);
    }

    private static EventFdRegistration register(Ring ring, int eventFd, boolean async) {
        RegisterCall call = RegisterCall.on(ring);
        if (eventFd < 0) {
            throw new IllegalArgumentException("eventFd must be an open eventfd descriptor; was " + eventFd);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fd = arena.allocateFrom(ValueLayout.JAVA_INT, eventFd);
            call.run(async ? RegisterOp.REGISTER_EVENTFD_ASYNC : RegisterOp.REGISTER_EVENTFD, fd, 1);
        }
        return new EventFdRegistration(ring, eventFd, async);
    }

    /** {@return the registered eventfd} */
    public int eventFd() {
        return eventFd;
    }

    /** {@return true when only asynchronous completions signal it} */
    public boolean isAsync() {
        return async;
    }


    /**
     * Turns signalling on or off without unregistering, through the CQ ring's
     * {@code IORING_CQ_EVENTFD_DISABLED} flag (e.g. while the owner is busy reaping anyway).
     *
     * @param on true to turn it on, false to turn it off
     * @throws IllegalStateException when this registration or the ring is closed
     */
    public void signalling(boolean on) {
        checkNotClosed();
        int flags = RingAccess.get().cqRingFlags(ring);
        RingAccess.get().cqRingFlags(ring, on ? flags & ~CqRingFlags.EVENTFD_DISABLED : flags | CqRingFlags.EVENTFD_DISABLED);
    }

    /** {@return true unless {@link #signalling(boolean)} turned signalling off} */
    public boolean isSignalling() {
        return (RingAccess.get().cqRingFlags(ring) & CqRingFlags.EVENTFD_DISABLED) == 0;
    }

    /** {@code UNREGISTER_EVENTFD}. */
    @Override
    void unregister() {
        RegisterCall.on(ring).run(RegisterOp.UNREGISTER_EVENTFD, null, 0);
    }
}
