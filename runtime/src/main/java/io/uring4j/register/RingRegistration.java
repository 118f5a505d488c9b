package io.uring4j.register;

import io.uring4j.Ring;
import io.uring4j.internal.RegisterCall;
import io.uring4j.internal.RingAccess;

/**
 * What every registration on a ring shares: the ring it belongs to, and an idempotent
 * {@link #close()} that unregisters once — skipped when the ring was closed first, since closing
 * the ring fd drops its registrations with it.
 */
public abstract sealed class RingRegistration implements AutoCloseable
        permits BufferTable, EventFdRegistration, FileTable, Personality {
    final Ring ring;
    private final String what;
    private boolean closed;
    /** Registered with the ring's close; forgotten when this is closed first. */
    private final Runnable closeWithRing = this::close;

    /**
     * Ties the registration to the ring's close, so that what it owns (a buffer table's memory)
     * cannot outlive the ring by accident and {@link #isClosed()} tells the truth afterwards.
     *
     * @param what the registration's name in error messages, e.g. "file table"
     */
    RingRegistration(Ring ring, String what) {
        this.ring = ring;
        this.what = what;
        RingAccess.get().onClose(ring, closeWithRing);
    }

    /** {@return the ring this registration belongs to} */
    public final Ring ring() {
        return ring;
    }

    /** {@return true once {@link #close()} has run} */
    public final boolean isClosed() {
        return closed;
    }

    /**
     * Unregisters (skipped when the ring is already closed), then releases what the registration
     * owns. Idempotent and exactly once, also when the ring's close (on another thread) closes it
     * at the same time. If the kernel refuses the unregistration, the exception propagates and the
     * registration stays open.
     */
    @Override
    public final synchronized void close() {
        if (closed) {
            return;
        }
        if (!ring.isClosed()) {
            unregister();
        }
        closed = true;
        RingAccess.get().forgetOnClose(ring, closeWithRing);
        released();
    }

    /** The io_uring_register call that undoes the registration. */
    abstract void unregister();

    /** Frees what the registration owns, after it is unregistered. */
    void released() {}

    /** Refuses use after close. */
    final void checkNotClosed() {
        if (closed) {
            throw new IllegalStateException("the " + what + " is closed");
        }
    }

    /** Refuses use after close, from a thread that may not register, or on a closed ring; returns the register path. */
    final RegisterCall checkOpen() {
        checkNotClosed();
        return RegisterCall.on(ring);
    }
}
