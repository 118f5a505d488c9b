package io.uring4j;

import io.uring4j.internal.BufferGroups;
import io.uring4j.internal.DeferredSteps;
import io.uring4j.internal.RegisterCall;
import io.uring4j.internal.RingAccess;
import java.lang.foreign.MemorySegment;

/** What the other packages of the runtime reach through {@link RingAccess}. */
final class RingInternals extends RingAccess {
    @Override
    public MemorySegment errno(Ring ring) {
        return ring.enter.errno();
    }

    @Override
    public RegisterCall registerCall(Ring ring) {
        return ring.registerCall;
    }

    @Override
    public void onClose(Ring ring, Runnable action) {
        ring.control.onClose(action);
    }

    @Override
    public void forgetOnClose(Ring ring, Runnable action) {
        ring.control.forgetOnClose(action);
    }

    @Override
    public Ring ringOf(Sqe sqe) {
        return (Ring) sqe.ring;
    }

    @Override
    public BufferGroups groups(Ring ring) {
        return ring.groups;
    }

    @Override
    public DeferredSteps deferred(Ring ring) {
        return ring.deferred;
    }

    @Override
    public int cqRingFlags(Ring ring) {
        ring.checkOpen();
        return ring.cq.flags();
    }

    @Override
    public void cqRingFlags(Ring ring, int flags) {
        ring.checkOpen();
        ring.cq.flags(flags);
    }
}
