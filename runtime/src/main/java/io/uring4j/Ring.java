package io.uring4j;

import io.uring4j.internal.DeferredSteps;
import io.uring4j.internal.RegisterCall;
import io.uring4j.internal.RingAccess;
import io.uring4j.internal.RingMapping;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.FeatureFlags;
import io.uring4j.kernel.flags.RegisterOp;
import io.uring4j.kernel.flags.SetupFlags;
import io.uring4j.kernel.structs.IoUringParams;
import io.uring4j.kernel.structs.IoUringRsrcUpdate;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * An io_uring instance: the submission queue (SQ), the completion queue (CQ) and the fd that
 * owns them, opened with {@link #open(RingOptions)} and released by {@link #close()}.
 *
 * <p>Submitting: {@link #nextSqe()} hands out the reusable {@link Sqe} view over the next free
 * slot (submitting queued entries first when the SQ is full); fill it with a prep method, then
 * {@link #submit()} hands everything queued to the kernel in one system call. Reaping:
 * {@link #peek()} gives the reusable {@link Cqe} view over the oldest completion (or null),
 * {@link #seen()} releases it; {@link #drain(CompletionHandler)} does both for every completion
 * ready; {@link #waitFor(int)} blocks until completions arrive. For one request at a time,
 * {@link #submitAndCheck(Sqe)} submits, waits and returns its checked result. None of these
 * allocate.
 *
 * <p>Threads: by default the ring is single-issuer — the opening thread is its owner and the
 * only thread allowed to submit, reap or wait (others get an {@link IllegalStateException}).
 * With {@link RingOptions.Builder#multiIssuer()} any thread may submit while holding
 * {@link #submitLock()}; completions are still read by one thread at a time, which the caller
 * arranges. {@link #close()} may be called from any thread.
 *
 * <p>This class is the facade and owns the thread policy; the parts are package-private:
 * {@code SubmissionQueue}, {@code CompletionQueue}, {@code RingEnter} (the system calls and
 * waits), {@code RingSetup} (setup and mapping), {@code RingControl} (resize, enable, close).
 */
public final class Ring implements AutoCloseable {
    static {
        new RingInternals(); // installs itself as the RingAccess of the other packages
    }

    final int fd;
    final int setupFlags;
    final int features;
    private final Thread owner;
    private final ReentrantLock submitLock;
    /** Holds the capture segment and the wait arguments; the ring memory has its own (see RingMapping). */
    final Arena arena;
    final RingEnter enter;
    final RegisterCall registerCall;
    final RingControl control;
    SubmissionQueue sq;
    CompletionQueue cq;
    /** Library steps (multishot arm and cancel, listener steps) that met a full SQ; sent by {@link #submit()}. */
    final DeferredSteps deferred = new DeferredSteps();
    private final Supplier<Sqe> freeEntry = () -> sq.next();
    /** Segments of requests in flight, held until their final completion. */
    final InFlight inFlight;
    /** Plain fields read on every call; RingControl writes them (closed under its lock). */
    boolean enabled;
    boolean closed;
    private boolean draining;

    Ring(int fd, MemorySegment params, RingOptions options, Arena arena, RingMapping mapping, MemorySegment errno) {
        this.fd = fd;
        this.setupFlags = IoUringParams.flags(params, 0);
        this.features = IoUringParams.features(params, 0);
        boolean single = options.singleIssuer();
        this.owner = single ? Thread.currentThread() : null;
        this.submitLock = single ? null : new ReentrantLock();
        this.arena = arena;
        this.enter = new RingEnter(fd, owner, errno, arena, (setupFlags & SetupFlags.SQPOLL) != 0,
                (setupFlags & SetupFlags.IOPOLL) != 0, (features & FeatureFlags.EXT_ARG) != 0);
        this.registerCall = new RegisterCall(this);
        this.enabled = (setupFlags & SetupFlags.R_DISABLED) == 0;
        this.control = new RingControl(this, mapping);
        this.sq = new SubmissionQueue(this, params, mapping, setupFlags, null);
        this.cq = new CompletionQueue(params, mapping, setupFlags, (setupFlags & SetupFlags.CQE_MIXED) != 0, null);
        this.inFlight = new InFlight(cq.entries(), !single);
        sq.inFlight = inFlight;
        cq.inFlight = inFlight;
    }

    /**
     * Opens a ring with the default options and {@code entries} SQ entries.
     *
     * @param entries SQ entries, a power of two
     * @return the open ring, owned by the calling thread
     */
    public static Ring open(int entries) {
        return open(RingOptions.ofEntries(entries));
    }

    /**
     * Sets up a ring: io_uring_setup(2), then maps its memory.
     *
     * @param options the ring's size, flags and thread mode
     * @return the open ring, owned by the calling thread unless multi-issuer
     * @throws IllegalStateException when a single-issuer ring is opened on a virtual thread, or
     *                               {@code attachWq} names a closed ring
     * @throws UringException        when the kernel refuses; the message says what to do
     */
    public static Ring open(RingOptions options) {
        return RingSetup.open(options);
    }

    // ---------------------------------------------------------------- submission

    /**
     * The reusable SQE view positioned on the next free SQ slot. When the SQ is full, the queued
     * entries are submitted first to make room (on an SQPOLL ring, it also waits for the poller
     * to take one). The slot is handed to the kernel by the next {@link #submit()}. The view is
     * the same object every time: fill it before asking for the next one.
     * <p>An entry taken and never prepared (or whose prep method threw) is taken back at the next
     * {@code submit()} or {@code nextSqe()}: it is not submitted, not counted, and no completion
     * comes for it. Once the prepared entry has been handed to the ring, the view refuses prep
     * methods and setters (IllegalStateException) until the next {@code nextSqe()}.
     *
     * @return the view, never null
     * @throws IllegalStateException on the wrong thread (see the class description), after close,
     *                               or when the SQ stays full after submitting (the kernel took
     *                               none of the queued entries)
     * @throws UringException        when the submission to make room fails
     */
    public Sqe nextSqe() {
        checkSubmitter();
        try {
            Sqe s = sq.next();
            if (s == null) {
                s = makeRoom();
            }
            return s;
        } catch (IllegalStateException e) {
            throw closedOr(e, "nextSqe");
        }
    }

    private Sqe makeRoom() {
        submit(0, false);
        Sqe s = sq.next();
        if (s == null && enter.isSqPoll()) {
            enter.awaitSqSpace();
            s = sq.next();
        }
        if (s == null) {
            throw new IllegalStateException("nextSqe: the SQ (" + sq.entries() + " entries) is still full after"
                    + " submitting; the kernel did not take the queued entries. Use tryNextSqe() to handle a full SQ");
        }
        return s;
    }

    /**
     * A 128-byte entry, for the 128-byte opcodes ({@link Sqe#nop128}, {@link Sqe#uringCmd128}).
     * On an SQE128 ring this is {@link #nextSqe()}. On an SQE_MIXED ring (Linux 6.19) it is two
     * consecutive 64-byte slots; when they would wrap past the SQ's end, the last slot first gets
     * a padding NOP that posts no completion (CQE_SKIP_SUCCESS). The entry counts as two SQ
     * entries, and takes only 128-byte opcodes. When the SQ lacks room, the queued entries are
     * submitted first, as in {@link #nextSqe()}.
     *
     * @return the view on the 128-byte entry, never null
     * @throws IllegalStateException on a ring with neither SQE128 nor SQE_MIXED, on the wrong
     *                               thread, after close, or when the SQ has no room after submitting
     * @throws UringException        when the submission to make room fails
     */
    public Sqe nextSqe128() {
        if ((setupFlags & SetupFlags.SQE128) != 0) {
            return nextSqe();
        }
        if ((setupFlags & SetupFlags.SQE_MIXED) == 0) {
            throw new IllegalStateException("nextSqe128: this ring has 64-byte SQEs; create it with sqe128() or"
                    + " sqeMixed() (SQE_MIXED, Linux 6.19) for 128-byte opcodes");
        }
        checkSubmitter();
        Sqe s = sq.next128();
        if (s == null) {
            submit(0, false);
            s = sq.next128();
            for (int i = 0; s == null && enter.isSqPoll() && i < sq.entries(); i++) {
                enter.awaitSqSpace();
                s = sq.next128();
            }
        }
        if (s == null) {
            throw new IllegalStateException("nextSqe128: no two free slots in the SQ (" + sq.entries()
                    + " entries) after submitting; a 128-byte entry of an SQE_MIXED ring needs two (three when it"
                    + " would wrap)");
        }
        return s;
    }

    /**
     * Like {@link #nextSqe()}, but returns null instead of submitting when the SQ is full.
     *
     * @return the view on the next free slot, or null when the SQ is full
     */
    public Sqe tryNextSqe() {
        checkSubmitter();
        try {
            return sq.next();
        } catch (IllegalStateException e) {
            throw closedOr(e, "tryNextSqe");
        }
    }

    /**
     * Hands every queued SQE to the kernel, with at most one io_uring_enter (none when nothing
     * is queued and no completion work is pending; on an SQPOLL ring, only to wake the poller).
     *
     * @return the number of SQEs the kernel took (SQPOLL: the number handed to the poller)
     * @throws UringException when io_uring_enter fails (the SQEs stay queued)
     */
    public int submit() {
        checkSubmitter();
        try {
            return submit(0, false);
        } catch (IllegalStateException e) {
            throw closedOr(e, "submit");
        }
    }

    /**
     * Submits like {@link #submit()} and waits, in the same system call, until at least
     * {@code waitNr} completions are ready.
     *
     * The wait ends early, with an exception, when the ring is closed or the thread interrupted
     * (see {@link #waitFor(int)}); the SQEs were submitted by then.
     *
     * @param waitNr completions to wait for, 0 to {@link #cqEntries()}
     * @return the number of SQEs the kernel took
     * @throws RingClosedException when the ring is closed, also by another thread during the wait
     * @throws UringException      {@code EINTR} when the thread is interrupted during the wait
     */
    public int submitAndWait(int waitNr) {
        checkSubmitter();
        checkWaitCount(waitNr, "waitNr");
        try {
            int submitted = submit(waitNr, true);
            if (waitNr > 0 && cq.ready() < waitNr) {
                // The first wait slice ended, or a signal cut it short, after the submission went through.
                enter.await(cq, waitNr);
            }
            return submitted;
        } catch (IllegalStateException e) {
            throw closedOr(e, "submitAndWait");
        }
    }

    /**
     * Submits like {@link #submit()}, then waits until {@code waitNr} completions are ready or
     * {@code timeout} has passed. Allocation-free.
     *
     * {@snippet class=io.uring4j.snippets.Snippets region=timedWait}
     *
     * @param waitNr  completions to wait for, 0 to {@link #cqEntries()}
     * @param timeout the longest wait; saturated at about 292 years
     * @return the number of SQEs the kernel took, or {@code -ETIME} (the negated
     *         {@link Errno#ETIME} value) when the time ran out first
     * @throws IllegalStateException when the kernel lacks {@code FEAT_EXT_ARG}
     */
    public int submitAndWait(int waitNr, Duration timeout) {
        long nanos = nanos(timeout, "timeout");
        int submitted = submit();
        int ready = waitFor(waitNr, nanos);
        return ready < 0 ? ready : submitted;
    }

    /**
     * Submits {@code request} (the SQE last handed out by {@link #nextSqe()}, prepared), waits
     * for its completion, marks it seen and returns its result: a byte count, an fd, or 0, as
     * the opcode defines. The request's user_data is replaced by a marker of this method.
     * Meant for one request at a time: nothing else may be queued or waiting in the CQ, and if
     * another request's completion arrives first an {@link IllegalStateException} says so (use
     * {@link #drain(CompletionHandler)} when several requests are in flight). Allocation-free
     * unless it throws.
     *
     * {@snippet class=io.uring4j.snippets.Snippets region=submitAndCheck}
     *
     * @param request the prepared SQE
     * @return the completion's non-negative {@code res}
     * @throws UringException        when the kernel answers {@code -errno}; {@link UringException#errno()}
     *                               names it
     * @throws IllegalStateException when {@code request} is not the prepared last SQE, other SQEs
     *                               are queued, or another completion is waiting or arrives first
     */
    public int submitAndCheck(Sqe request) {
        return submitAndCheck(request, "submitAndCheck");
    }

    /**
     * Like {@link #submitAndCheck(Sqe)}, naming the operation in the exception on failure.
     *
     * @param request the prepared SQE
     * @param what    what the request does, e.g. {@code "open config.yaml"}, for the error message
     * @return the completion's non-negative {@code res}
     */
    public int submitAndCheck(Sqe request, String what) {
        checkSubmitter();
        checkConsumer();
        return SingleRequest.run(this, request, what);
    }

    private int submit(int waitNr, boolean wait) {
        if (!enabled) {
            throw new IllegalStateException("the ring was opened disabled (R_DISABLED); call enable() first");
        }
        if (!deferred.isEmpty()) {
            return submitDeferred(waitNr, wait);
        }
        return enter.submit(sq, waitNr, wait);
    }

    /**
     * Sends the library's deferred steps along with the queued entries: fills the free entries,
     * submits, and again while steps wait (each round frees the SQ), then submits (and waits)
     * as asked. Stops early, keeping the rest for the next submit, when the kernel takes nothing.
     */
    private int submitDeferred(int waitNr, boolean wait) {
        int taken = 0;
        deferred.fill(freeEntry);
        while (!deferred.isEmpty()) {
            int r = enter.submit(sq, 0, false);
            taken += r;
            if (sq.spaceLeft() == 0) {
                if (!enter.isSqPoll()) {
                    break; // the kernel took none (it said why, or will at the next submit)
                }
                enter.awaitSqSpace();
            }
            deferred.fill(freeEntry);
        }
        return taken + enter.submit(sq, waitNr, wait);
    }

    /** {@return SQEs obtained from {@link #nextSqe()} and not yet handed over by {@link #submit()}} */
    public int sqQueued() {
        checkOpen();
        return sq.queued();
    }

    /** {@return free SQ slots: how many more {@link #tryNextSqe()} calls can succeed right now} */
    public int sqSpaceLeft() {
        checkOpen();
        return sq.spaceLeft();
    }

    // ---------------------------------------------------------------- completion

    /**
     * The reusable CQE view over the oldest unseen completion, or null when there is none.
     * Does not enter the kernel, except when the SQ ring flags say completions are held back
     * (CQ overflow, or pending completion work with {@code TASKRUN_FLAG}); then one
     * io_uring_enter brings them into the CQ. Call {@link #seen()} when done with the entry.
     *
     * @return the view, or null
     */
    public Cqe peek() {
        checkConsumer();
        try {
            Cqe c = cq.peek();
            if (c == null && sq.needsCqFlush()) {
                enter.flush();
                c = cq.peek();
            }
            return c;
        } catch (IllegalStateException e) {
            throw closedOr(e, "peek");
        }
    }

    /**
     * Marks the completion returned by {@link #peek()} as consumed, giving its slot back to the
     * kernel. The {@link Cqe} view must not be read afterwards.
     *
     * @throws IllegalStateException when no peeked completion is pending
     */
    public void seen() {
        checkConsumer();
        boolean marked;
        try {
            marked = cq.seen();
        } catch (IllegalStateException e) {
            throw closedOr(e, "seen");
        }
        if (!marked) {
            throw new IllegalStateException("seen(): no completion to mark; peek() first");
        }
    }

    /**
     * Marks the next {@code n} completions consumed without reading them.
     *
     * @param n completions to skip, at most the number ready
     * @throws IllegalArgumentException when {@code n} is negative or more than are ready
     */
    public void advance(int n) {
        checkConsumer();
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0; was " + n);
        }
        if (cq.isMixed()) {
            for (int i = 0; i < n; i++) {
                if (peek() == null) {
                    throw new IllegalArgumentException("n (" + n + ") is more than the " + i + " completions ready");
                }
                cq.seen();
            }
        } else if (!cq.advance(n)) {
            throw new IllegalArgumentException("n (" + n + ") is more than the " + cq.ready() + " completions ready");
        }
    }

    /**
     * Hands every ready completion to {@code handler}, oldest first, then gives their slots back
     * to the kernel. If the CQ had overflowed, the held-back completions are brought in once and
     * delivered too; call again while it returns a positive count to empty a larger backlog.
     * The handler may submit, but must not call {@link #peek()}, {@link #seen()},
     * {@link #advance(int)} or {@code drain} itself. If it throws, the completions already
     * delivered (the failing one included) count as seen and the exception propagates.
     *
     * @param handler called once per completion, with the reusable view
     * @return the number of completions delivered
     */
    public int drain(CompletionHandler handler) {
        checkConsumer();
        if (handler == null) {
            throw new IllegalArgumentException("handler must not be null");
        }
        draining = true;
        try {
            int count = cq.drainReady(handler);
            if (sq.needsCqFlush()) {
                enter.flush();
                count += cq.drainReady(handler);
            }
            return count;
        } catch (IllegalStateException e) {
            throw closedOr(e, "drain");
        } finally {
            draining = false;
        }
    }

    /**
     * Completions ready in the CQ now (on a {@code CQE_MIXED} ring: slots, a 32-byte entry
     * counting two).
     *
     * @return the count
     */
    public int cqReady() {
        checkOpen();
        return cq.ready();
    }

    /**
     * Blocks until at least {@code n} completions are ready; returns at once when they already
     * are. With {@code n == 0}, enters once to run pending completion work and returns.
     * Does not submit: see {@link #submitAndWait(int)}.
     *
     * <p>The ring cannot know that a completion will come (a request may be one the kernel
     * completes silently, or none may be in flight), so a wait for completions that never come
     * blocks until the ring is closed or the thread is interrupted: the kernel is entered in
     * slices of at most 20 ms, and between slices the wait ends with a {@link RingClosedException}
     * once {@link #close()} has begun on any thread, or with a {@link UringException}
     * ({@code EINTR}) when the thread's interrupt status is set (the status stays set).
     * Completions that arrived stay in the CQ either way. Without {@code FEAT_EXT_ARG} (before
     * Linux 5.11) the kernel sleeps until a completion, unsliced.
     *
     * @param n completions to wait for, 0 to {@link #cqEntries()}
     * @return the number of completions ready (at least {@code n})
     * @throws RingClosedException when the ring is closed, also by another thread during the wait
     * @throws UringException      {@code EINTR} when the thread is interrupted before or during the wait
     */
    public int waitFor(int n) {
        checkConsumer();
        checkWaitCount(n, "n");
        try {
            return enter.await(cq, n);
        } catch (IllegalStateException e) {
            throw closedOr(e, "waitFor");
        }
    }

    /**
     * Like {@link #waitFor(int)}, but gives up after {@code timeout}. Allocation-free.
     *
     * @param n       completions to wait for, 0 to {@link #cqEntries()}
     * @param timeout the longest wait; saturated at about 292 years
     * @return as {@link #waitFor(int, long)}
     */
    public int waitFor(int n, Duration timeout) {
        return waitFor(n, nanos(timeout, "timeout"), 0L);
    }

    /**
     * Like {@link #waitFor(int)}, but gives up after {@code timeoutNanos}.
     *
     * @param n            completions to wait for, 0 to {@link #cqEntries()}
     * @param timeoutNanos the longest wait, at least 0
     * @return the number of completions ready (at least {@code n}), or {@code -ETIME} (the
     *         negated {@link Errno#ETIME} value) when the time ran out first; completions that did
     *         arrive stay in the CQ
     * @throws IllegalStateException when the kernel lacks {@code FEAT_EXT_ARG}
     */
    public int waitFor(int n, long timeoutNanos) {
        return waitFor(n, timeoutNanos, 0L);
    }

    /**
     * Like {@link #waitFor(int, long)}, with a minimum wait ({@code FEAT_MIN_TIMEOUT}): the
     * kernel first waits up to {@code minWaitNanos} for all {@code n}; if by then at least one
     * completion is ready it returns with what it has, else it keeps waiting for {@code n} until
     * the timeout. Useful to batch completions without adding latency when traffic is light.
     *
     * @param n            completions to wait for, 0 to {@link #cqEntries()}
     * @param timeoutNanos the longest wait, at least 0
     * @param minWaitNanos the batching wait, at least 0 (0: none)
     * @return as {@link #waitFor(int, long)}, except that with a minimum wait fewer than
     *         {@code n} (but at least one) completions may be returned
     */
    public int waitFor(int n, long timeoutNanos, long minWaitNanos) {
        checkConsumer();
        checkWaitCount(n, "n");
        if (timeoutNanos < 0) {
            throw new IllegalArgumentException("timeoutNanos must be >= 0; was " + timeoutNanos);
        }
        if (minWaitNanos < 0) {
            throw new IllegalArgumentException("minWaitNanos must be >= 0; was " + minWaitNanos);
        }
        if ((features & FeatureFlags.EXT_ARG) == 0) {
            throw new IllegalStateException("timed waits need FEAT_EXT_ARG, which this kernel lacks");
        }
        if (minWaitNanos > 0 && (features & FeatureFlags.MIN_TIMEOUT) == 0) {
            throw new IllegalStateException("minWaitNanos needs FEAT_MIN_TIMEOUT, which this kernel lacks");
        }
        try {
            return enter.awaitTimed(cq, n, timeoutNanos, minWaitNanos);
        } catch (IllegalStateException e) {
            throw closedOr(e, "waitFor");
        }
    }

    private static long nanos(Duration d, String param) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(param + " must be a non-negative Duration; was " + d);
        }
        // toNanos throws past ~292 years; such a wait is "forever" for every caller.
        return d.compareTo(MAX_NANOS) >= 0 ? Long.MAX_VALUE : d.toNanos();
    }

    private static final Duration MAX_NANOS = Duration.ofNanos(Long.MAX_VALUE);

    // ---------------------------------------------------------------- lifecycle and properties

    /**
     * Resizes the SQ and CQ ({@code REGISTER_RESIZE_RINGS}, Linux 6.13): the kernel moves
     * unreaped completions and in-flight requests to the new rings, nothing is lost. The
     * {@link Sqe} and {@link Cqe} views from before are invalid afterwards (using one throws).
     * The kernel allows this only on a {@code DEFER_TASKRUN} ring (the default).
     *
     * @param sqEntries new SQ size, a power of two from 1 to {@link io.uring4j.kernel.flags.RingLimits#MAX_ENTRIES}
     * @param cqEntries new CQ size: 0 for twice {@code sqEntries}, else a power of two from
     *                  {@code sqEntries} to {@link io.uring4j.kernel.flags.RingLimits#MAX_CQ_ENTRIES}, and
     *                  at least the number of completions now waiting
     * @throws IllegalStateException when SQEs are queued but not submitted, or the ring is not DEFER_TASKRUN
     * @throws UringException        when the kernel refuses
     */
    public void resize(int sqEntries, int cqEntries) {
        checkConsumer();
        control.resize(sqEntries, cqEntries);
    }

    /**
     * Enables a ring opened with {@link RingOptions.Builder#disabled()} ({@code REGISTER_ENABLE_RINGS}).
     *
     * @throws IllegalStateException when the ring is already enabled
     */
    public void enable() {
        checkConsumer();
        control.enable();
    }

    /**
     * The probe of this kernel's opcodes ({@code REGISTER_PROBE}). Allocates; not for the hot path.
     *
     * @return the opcodes this kernel supports
     * @throws IllegalStateException after close, or on a thread other than a single-issuer ring's owner
     */
    public Probe probe() {
        return Probe.read(RegisterCall.on(this));
    }

    /**
     * The lock multi-issuer submitters hold from {@link #nextSqe()} to {@link #submit()}.
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
     * on the {@code io.uring4j.lifetime} logger). Should stay 0: a non-zero count means the kernel
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

    /** {@return true once {@link #close()} has run} */
    public boolean isClosed() {
        return closed;
    }

    /** {@return true unless the ring was opened disabled and {@link #enable()} has not been called yet} */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Releases the ring and everything registered with it, each exactly once: the ring's arena,
     * the ring fd registration, the ring memory, the fd, then every resource that was registered
     * with it ({@code BufferTable}, {@code FileTable}, {@code BufferRing}, a
     * {@code LegacyBufferGroup} provided through it, ...), latest first. Idempotent; may be called
     * from any thread at any time. A thread blocked in {@link #waitFor} or
     * {@link #submitAndWait} on this ring wakes within one wait slice (20 ms) with a
     * {@link RingClosedException}; close waits for threads inside a system call on this ring to
     * leave it before the fd is closed, so no call can reach a reused fd number. Any later call,
     * and any {@link Sqe} prep method on the ring's view, throws {@link RingClosedException}.
     * Requests still in flight are cancelled by the kernel.
     */
    @Override
    public void close() {
        control.close();
    }

    @Override
    public String toString() {
        return "Ring[fd=" + fd + ", sq=" + sq.entries() + ", cq=" + cq.entries() + ", flags="
                + SetupFlags.describe(setupFlags) + (closed ? ", closed" : "") + "]";
    }

    // ---------------------------------------------------------------- thread policy

    private void checkWaitCount(int n, String param) {
        if (n < 0 || n > cq.entries()) {
            throw new IllegalArgumentException(param + " must be from 0 to cqEntries (" + cq.entries() + "); was " + n);
        }
    }

    void checkOpen() {
        if (closed) {
            throw new RingClosedException("ring");
        }
    }

    /**
     * {@return a {@link RingClosedException} for {@code e} when the ring was closed under the
     * call (FFM's bare "Already closed" from its memory), else {@code e} itself}
     */
    private RuntimeException closedOr(IllegalStateException e, String what) {
        if (e instanceof RingClosedException || !enter.isClosing()) {
            return e;
        }
        return new RingClosedException(what, e);
    }

    private void checkSubmitter() {
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

    private void checkConsumer() {
        checkOpen();
        Thread o = owner;
        if (o != null && Thread.currentThread() != o) {
            throw wrongThread();
        }
        if (draining) {
            throw new IllegalStateException("the ring is inside drain(): a CompletionHandler must not reap or wait");
        }
    }

    private IllegalStateException wrongThread() {
        return new IllegalStateException("single-issuer ring: called from thread " + Thread.currentThread().getName()
                + " but its owner is " + owner.getName() + " (open it with RingOptions.builder().multiIssuer()"
                + " to share it between threads)");
    }
}
