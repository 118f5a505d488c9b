package io.uring4j;

import io.uring4j.internal.RegisterCall;
import io.uring4j.internal.RingMapping;
import io.uring4j.internal.Syscalls;
import io.uring4j.kernel.flags.RegisterOp;
import io.uring4j.kernel.flags.SetupFlags;
import io.uring4j.kernel.structs.IoUringParams;
import io.uring4j.kernel.structs.IoUringRsrcUpdate;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * A ring's lifecycle past setup: enable, resize (remapping the queues) and close (close actions,
 * ring fd unregistration, unmapping). The {@link Ring} facade has checked the caller.
 */
final class RingControl {
    private final Ring ring;
    private RingMapping mapping;
    /** Run at close, before the memory goes (registration tables that must die with the ring). */
    private final List<Runnable> closeActions = new ArrayList<>();
    int registeredIndex = -1;

    RingControl(Ring ring, RingMapping mapping) {
        this.ring = ring;
        this.mapping = mapping;
    }

    /** Registers the ring fd ({@code REGISTER_RING_FDS}) so io_uring_enter can name it by index. */
    void registerRingFd() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment update = a.allocate(IoUringRsrcUpdate.LAYOUT);
            IoUringRsrcUpdate.offset(update, 0, -1); // -1: the kernel picks a free slot
            IoUringRsrcUpdate.data(update, 0, ring.fd);
            RegisterCall.on(ring).run(RegisterOp.REGISTER_RING_FDS, update, 1);
            registeredIndex = IoUringRsrcUpdate.offset(update, 0);
        }
        ring.enter.useRegisteredIndex(registeredIndex);
    }

    void enable() {
        if (ring.enabled) {
            throw new IllegalStateException("the ring is already enabled");
        }
        RegisterCall.on(ring).run(RegisterOp.REGISTER_ENABLE_RINGS, null, 0);
        ring.enabled = true;
    }

    void resize(int sqEntries, int cqEntries) {
        RingOptions.builder().entries(sqEntries).cqEntries(cqEntries).build(); // validates both sizes
        int setupFlags = ring.setupFlags;
        if ((setupFlags & SetupFlags.DEFER_TASKRUN) == 0) {
            throw new IllegalStateException("resize needs a DEFER_TASKRUN ring; this one is " + SetupFlags.describe(setupFlags));
        }
        if (ring.sq.queued() != 0) {
            throw new IllegalStateException("resize: " + ring.sq.queued()
                    + " SQEs are queued but not submitted; submit() them first");
        }
        RegisterCall call = RegisterCall.on(ring);
        MemorySegment errno = ring.enter.errno();
        int[] error = new int[1];
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment params = scratch.allocate(IoUringParams.LAYOUT);
            IoUringParams.sqEntries(params, 0, sqEntries);
            IoUringParams.cqEntries(params, 0, cqEntries);
            IoUringParams.flags(params, 0, cqEntries != 0 ? SetupFlags.CQSIZE : 0);
            call.run(RegisterOp.REGISTER_RESIZE_RINGS, params, 1);
            RingMapping fresh = RingMapping.map(errno, ring.fd, params, setupFlags, ring.features, error);
            if (fresh == null) {
                ring.close();
                throw new UringException("mmap of the resized ring", -error[0],
                        "the ring was resized but its new memory could not be mapped; the ring is closed");
            }
            RingMapping old = mapping;
            // The kernel keeps head and tail values across a resize, so the local indexes carry over.
            ring.sq = new SubmissionQueue(ring, params, fresh, setupFlags, ring.sq);
            ring.cq = new CompletionQueue(params, fresh, setupFlags, ring.cq.isMixed(), ring.cq);
            mapping = fresh;
            old.unmap(errno);
        }
    }

    synchronized void onClose(Runnable action) {
        if (ring.closed) {
            throw new RingClosedException("registering a resource");
        }
        closeActions.add(action);
    }

    /** Drops a close action whose resource was closed first (so the ring does not keep it alive). */
    synchronized void forgetOnClose(Runnable action) {
        closeActions.remove(action);
    }

    /**
     * Closes the ring once, from any thread, in named steps. Each step runs even if an earlier
     * one failed: a failure must not keep the fd or memory alive.
     */
    void close() {
        synchronized (this) {
            if (ring.closed) {
                return;
            }
            ring.closed = true;
        }
        // Before waiters are told: the drain itself waits for the cancelled requests' completions.
        cancelInFlight();
        ring.enter.markClosing(); // waiters on other threads leave at their next slice
        ring.enter.awaitOwnerOut(); // the owner's non-waiting calls hold no capture segment of the arena
        MemorySegment errno = RingEnter.threadErrno(); // the ring's capture segments die with its arena
        awaitCallersOut();
        unregisterRingFd(errno);
        mapping.unmap(errno);
        Syscalls.close(errno, ring.fd);
        releaseResources();
    }

    /** Issue 10: no held memory is released while the kernel may still use it (cancel, reap, release). */
    private void cancelInFlight() {
        InFlightDrain.cancelAndDrain(ring);
    }

    /**
     * Closes the ring's arena, which every system call on this ring holds through its errno
     * capture segment (see {@link RingEnter#errno()}): closing it fails while a thread is inside
     * one, so retry until they have all left. Waits are sliced, so that is at most one slice;
     * after it, a call on this ring fails in Java before the fd number reaches the kernel.
     */
    private void awaitCallersOut() {
        boolean interrupted = false;
        for (;;) {
            try {
                ring.arena.close();
                break;
            } catch (IllegalStateException acquired) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    interrupted = true; // finish closing; the caller sees the status afterwards
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Ring fd registrations belong to the registering thread; from another thread the kernel
     * drops it when the owner thread exits or the ring goes.
     */
    private void unregisterRingFd(MemorySegment errno) {
        if (registeredIndex >= 0 && Thread.currentThread() == ring.owner()) {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment update = a.allocate(IoUringRsrcUpdate.LAYOUT);
                IoUringRsrcUpdate.offset(update, 0, registeredIndex);
                Syscalls.register(errno, ring.fd, RegisterOp.UNREGISTER_RING_FDS, update.address(), 1);
            }
        }
    }

    /**
     * Releases what was registered with the ring, latest first, after the fd is closed: the
     * kernel no longer takes requests that could select a buffer, and each resource skips its
     * unregistration (the ring's registrations went with it).
     */
    private void releaseResources() {
        List<Runnable> actions;
        synchronized (this) {
            actions = List.copyOf(closeActions);
            closeActions.clear();
        }
        for (int i = actions.size() - 1; i >= 0; i--) {
            try {
                actions.get(i).run();
            } catch (RuntimeException e) {
                // One failing action must not keep the other resources alive.
            }
        }
    }
}
