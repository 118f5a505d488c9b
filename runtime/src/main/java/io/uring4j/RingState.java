package io.uring4j;

import io.uring4j.internal.DeferredSteps;
import io.uring4j.internal.RegisterCall;
import io.uring4j.internal.RingMapping;
import io.uring4j.kernel.flags.FeatureFlags;
import io.uring4j.kernel.flags.SetupFlags;
import io.uring4j.kernel.structs.IoUringParams;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The state every part of the {@link Ring} facade shares (fds, flags, the queues, the
 * in-flight table), its properties, and the thread policy checks. Split from {@code Ring} by
 * concern: {@link RingSubmission}, {@link RingCompletion}, then {@code Ring} itself.
 */
abstract sealed class RingState permits RingSubmission {

    final int fd;
    final int setupFlags;
    final int features;
    final Thread owner;
    /** The owner's kernel thread id (single-issuer), for {@link CloseQuarantine}; 0 otherwise. */
    final int ownerTid;
    final ReentrantLock submitLock;
    /** Holds the capture segment and the wait arguments; the ring memory has its own (see RingMapping). */
    final Arena arena;
    final RingEnter enter;
    final RegisterCall registerCall;
    final RingControl control;
    SubmissionQueue sq;
    CompletionQueue cq;
    /** Library steps (multishot arm and cancel, listener steps) that met a full SQ; sent by {@link #submit()}. */
    final DeferredSteps deferred = new DeferredSteps();
    final Supplier<Sqe> freeEntry = () -> sq.next();
    /** The bulk view over reserved SQ slots ({@link RingSubmission#reserve}). */
    final SqeBatch batch = new SqeBatch((Ring) this);
    /** What the ring knows of each provided-buffer group id: requests using it, provided memory. */
    final io.uring4j.internal.BufferGroups groups = new io.uring4j.internal.BufferGroups();
    /** Segments of requests in flight, held until their final completion. */
    final InFlight inFlight;
    /** Plain fields read on every call; RingControl writes them (closed under its lock). */
    boolean enabled;
    boolean closed;
    boolean draining;

    RingState(int fd, MemorySegment params, RingOptions options, Arena arena, RingMapping mapping, MemorySegment errno) {
        this.fd = fd;
        this.setupFlags = IoUringParams.flags(params, 0);
        this.features = IoUringParams.features(params, 0);
        boolean single = options.singleIssuer();
        this.owner = single ? Thread.currentThread() : null;
        this.ownerTid = single ? io.uring4j.internal.LibcCalls.gettid() : 0;
        this.submitLock = single ? null : new ReentrantLock();
        this.arena = arena;
        this.enter = new RingEnter(fd, owner, errno, arena, (setupFlags & SetupFlags.SQPOLL) != 0,
                (setupFlags & SetupFlags.IOPOLL) != 0, (features & FeatureFlags.EXT_ARG) != 0);
        this.registerCall = new RegisterCall((Ring) this);
        this.enabled = (setupFlags & SetupFlags.R_DISABLED) == 0;
        this.control = new RingControl((Ring) this, mapping);
        enter.ownerTakesClose = control::ownerTakesClose;
        this.sq = new SubmissionQueue((Ring) this, params, mapping, setupFlags, null);
        this.cq = new CompletionQueue(params, mapping, setupFlags, (setupFlags & SetupFlags.CQE_MIXED) != 0, null);
        this.inFlight = new InFlight(cq.entries(), !single);
        sq.inFlight = inFlight;
        cq.inFlight = inFlight;
    }

    /**
     * The lock multi-issuer submitters hold from {@link Ring#nextSqe()} to {@link Ring#submit()}.
     *
     * @return the lock
     * @throws IllegalStateException on a single-issuer ring, which has an owner thread instead
     */
    public ReentrantLock submitLock() {
        if (submitLock == null) {
            throw new IllegalStateException("a single-issuer ring has no submit lock; only its owner thread "
                    + owner.getName() + " submits (open it with RingOptions.builder().multiIssuer() to share it)");
        }
        return submitLock;
    }

    /** {@return the owner thread of a single-issuer ring, or null for a multi-issuer ring} */
    public Thread owner() {
        return owner;
    }

    /** {@return the ring's file descriptor} */
    public int fd() {
        return fd;
    }

    /** {@return the registered ring index used for io_uring_enter, or -1 when the fd is not registered} */
    public int registeredIndex() {
        return control.registeredIndex;
    }

    /** {@return SQ entries the kernel allocated} */
    public int sqEntries() {
        return sq.entries();
    }

    /** {@return CQ entries the kernel allocated} */
    public int cqEntries() {
        return cq.entries();
    }

    /** {@return the setup flags in effect ({@link SetupFlags})} */
    public int setupFlags() {
        return setupFlags;
    }

    /** {@return the feature bits the kernel reported ({@link FeatureFlags})} */
    public int features() {
        return features;
    }

    /** {@return the features by name, e.g. {@code "SINGLE_MMAP|NODROP|..."}} */
    public String describeFeatures() {
        return FeatureFlags.describe(features);
    }

    /**
     * {@return true when every bit of {@code feature} was reported}
     *
     * @param feature one or more {@link FeatureFlags} bits
     */
    public boolean hasFeature(int feature) {
        return (features & feature) == feature;
    }

    /**
     * Completions that arrived after the arena of one of their request's segments had been closed
     * (each also flagged on the completion, {@link Cqe#lifetimeViolated()}, and logged at WARNING
     * on the {@code io.uring4j.lifetime} logger: the first ten, then the 2<sup>n</sup>-th, so a
     * loop with this bug does not flood the log). Should stay 0: a non-zero count means the kernel
     * may have written freed memory. Allocate from an {@link IoArena} to make it impossible.
     *
     * @return the count since the ring was opened
     */
    public long lifetimeViolations() {
        return inFlight.violations();
    }

    /** {@return requests in flight that hold segments (see {@link Sqe}), for tests and diagnostics} */
    public int heldRequests() {
        return inFlight.size();
    }

    /** {@return true once {@link Ring#close()} has run} */
    public boolean isClosed() {
        return closed;
    }

    /** {@return true unless the ring was opened disabled and {@link Ring#enable()} has not been called yet} */
    public boolean isEnabled() {
        return enabled;
    }

    // ---------------------------------------------------------------- thread policy

    void checkWaitCount(int n, String param) {
        if (n < 0 || n > cq.entries()) {
            throw new IllegalArgumentException(param + " must be from 0 to cqEntries (" + cq.entries() + "); was " + n);
        }
    }

    void checkOpen() {
        if (closed) {
            if (Thread.currentThread() == owner) {
                control.ownerTakesClose(); // a close from another thread may wait for this thread
            }
            throw new RingClosedException("ring");
        }
    }

    /**
     * {@return a {@link RingClosedException} for {@code e} when the ring was closed under the
     * call (FFM's bare "Already closed" from its memory), else {@code e} itself}
     */
    RuntimeException closedOr(IllegalStateException e, String what) {
        if (e instanceof RingClosedException || !enter.isClosing()) {
            return e;
        }
        return new RingClosedException(what, e);
    }

    void checkSubmitter() {
        checkOpen();
        Thread o = owner;
        if (o != null) {
            if (Thread.currentThread() != o) {
                throw wrongThread();
            }
        } else if (!submitLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("multi-issuer ring: hold ring.submitLock() from nextSqe() to submit()");
        }
    }

    void checkConsumer() {
        checkOpen();
        Thread o = owner;
        if (o != null && Thread.currentThread() != o) {
            throw wrongThread();
        }
        if (draining) {
            throw new IllegalStateException("the ring is inside drain(): a CompletionHandler must not reap or wait");
        }
    }

    IllegalStateException wrongThread() {
        return new IllegalStateException("single-issuer ring: called from thread " + Thread.currentThread().getName()
                + " but its owner is " + owner.getName() + " (open it with RingOptions.builder().multiIssuer()"
                + " to share it between threads)");
    }
}
