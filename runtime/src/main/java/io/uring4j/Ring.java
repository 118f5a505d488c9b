package io.uring4j;

import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.EnterFlags;
import io.uring4j.kernel.flags.FeatureFlags;
import io.uring4j.kernel.flags.RegisterOp;
import io.uring4j.kernel.flags.SetupFlags;
import io.uring4j.kernel.flags.SqRingFlags;
import io.uring4j.kernel.structs.IoCqringOffsets;
import io.uring4j.kernel.structs.IoSqringOffsets;
import io.uring4j.kernel.structs.IoUringGeteventsArg;
import io.uring4j.kernel.structs.IoUringParams;
import io.uring4j.kernel.structs.IoUringRsrcUpdate;
import io.uring4j.kernel.structs.KernelTimespec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An io_uring instance: the submission queue (SQ), the completion queue (CQ) and the fd that
 * owns them, opened with {@link #open(RingOptions)} and released by {@link #close()}.
 *
 * <p>Submitting: {@link #nextSqe()} hands out the reusable {@link Sqe} view over the next free
 * slot (or null when the SQ is full); fill it with a prep method, then {@link #submit()} hands
 * everything queued to the kernel in one system call. Reaping: {@link #peek()} gives the reusable
 * {@link Cqe} view over the oldest completion (or null), {@link #seen()} releases it;
 * {@link #drain(CompletionHandler)} does both for every completion ready; {@link #waitFor(int)}
 * blocks until completions arrive. None of these allocate.
 *
 * <p>Threads: by default the ring is single-issuer — the opening thread is its owner and the
 * only thread allowed to submit, reap or wait (others get an {@link IllegalStateException}).
 * With {@link RingOptions.Builder#multiIssuer()} any thread may submit while holding
 * {@link #submitLock()}; completions are still read by one thread at a time, which the caller
 * arranges. {@link #close()} may be called from any thread.
 */
public final class Ring implements AutoCloseable {
    /** Ring words (heads, tails, flags): the kernel updates them concurrently. */
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    /** errno capture for threads other than the owner (multi-issuer submitters, close, register). */
    private static final ThreadLocal<MemorySegment> THREAD_ERRNO =
            ThreadLocal.withInitial(() -> Syscalls.newErrnoSegment(Arena.ofAuto()));
    private static final int EINTR = Errno.EINTR.value();
    private static final int ETIME = Errno.ETIME.value();
    private static final int FLUSH_NEEDED = SqRingFlags.CQ_OVERFLOW | SqRingFlags.TASKRUN;
    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long NANOS_PER_MICRO = TimeUnit.MICROSECONDS.toNanos(1);
    private static final long TS_BASE = IoUringGeteventsArg.SIZE;

    // Identity and configuration.
    private final int fd;
    private final int setupFlags;
    private final int features;
    private final Thread owner;
    private final ReentrantLock submitLock;
    /** Holds the capture segment and the wait arguments; the ring memory has its own (see RingMapping). */
    private final Arena arena;
    private final MemorySegment ownerErrno;
    /** io_uring_getevents_arg followed by its kernel_timespec, for timed waits. */
    private final MemorySegment waitArgs;
    private final boolean sqPoll;
    private final boolean ioPoll;
    private final boolean mixedCqes;

    // Ring geometry: set at open and again by resize().
    private RingMapping mapping;
    private int sqEntries;
    private int cqEntries;
    private MemorySegment sqRing;
    private MemorySegment cqRing;
    private long sqHeadOff;
    private long sqTailOff;
    private long sqFlagsOff;
    private long cqHeadOff;
    private long cqTailOff;
    private long cqFlagsOff;
    private int sqMask;
    private int cqMask;
    private Sqe sqe;
    private Cqe cqe;

    // Local copies of the ring indexes (free-running, masked on use).
    private int sqTail;
    private int sqTailPublished;
    private int sqHeadCache;
    private int cqHead;
    private int cqTailCache;

    private int enterFd;
    private int enterFlags;
    private int registeredIndex = -1;
    private boolean enabled;
    private boolean draining;
    /** A slot was handed out by nextSqe() and not yet checked for a completed prep. */
    private boolean slotOut;
    /** Run at close, before the memory goes (registration tables that must die with the ring). */
    private final java.util.List<Runnable> closeActions = new java.util.ArrayList<>();
    private boolean closed;

    private Ring(int fd, MemorySegment params, RingOptions options, Arena arena, RingMapping mapping,
            MemorySegment ownerErrno) {
        this.fd = fd;
        this.setupFlags = IoUringParams.flags(params, 0);
        this.features = IoUringParams.features(params, 0);
        boolean single = options.singleIssuer();
        this.owner = single ? Thread.currentThread() : null;
        this.submitLock = single ? null : new ReentrantLock();
        this.arena = arena;
        this.ownerErrno = ownerErrno;
        this.waitArgs = arena.allocate(IoUringGeteventsArg.SIZE + KernelTimespec.SIZE, Long.BYTES);
        this.sqPoll = (setupFlags & SetupFlags.SQPOLL) != 0;
        this.ioPoll = (setupFlags & SetupFlags.IOPOLL) != 0;
        this.mixedCqes = (setupFlags & SetupFlags.CQE_MIXED) != 0;
        attach(params, mapping);
        this.sqTail = (int) INT.getAcquire(sqRing, sqTailOff);
        this.sqTailPublished = sqTail;
        this.sqHeadCache = (int) INT.getAcquire(sqRing, sqHeadOff);
        this.cqHead = (int) INT.getAcquire(cqRing, cqHeadOff);
        this.cqTailCache = cqHead;
        this.enterFd = fd;
        this.enabled = (setupFlags & SetupFlags.R_DISABLED) == 0;
    }

    /**
     * Points the ring at freshly mapped memory described by {@code params} (at open, and after a
     * resize). The kernel keeps head and tail values across a resize, so the local indexes stay.
     */
    private void attach(MemorySegment params, RingMapping m) {
        this.mapping = m;
        this.sqEntries = IoUringParams.sqEntries(params, 0);
        this.cqEntries = IoUringParams.cqEntries(params, 0);
        this.sqRing = m.sqRing;
        this.cqRing = m.cqRing;
        long sq = IoUringParams.OFF_SQ_OFF;
        long cq = IoUringParams.OFF_CQ_OFF;
        this.sqHeadOff = Integer.toUnsignedLong(IoSqringOffsets.head(params, sq));
        this.sqTailOff = Integer.toUnsignedLong(IoSqringOffsets.tail(params, sq));
        this.sqFlagsOff = Integer.toUnsignedLong(IoSqringOffsets.flags(params, sq));
        this.cqHeadOff = Integer.toUnsignedLong(IoCqringOffsets.head(params, cq));
        this.cqTailOff = Integer.toUnsignedLong(IoCqringOffsets.tail(params, cq));
        this.cqFlagsOff = Integer.toUnsignedLong(IoCqringOffsets.flags(params, cq));
        this.sqMask = sqRing.get(ValueLayout.JAVA_INT, Integer.toUnsignedLong(IoSqringOffsets.ringMask(params, sq)));
        this.cqMask = cqRing.get(ValueLayout.JAVA_INT, Integer.toUnsignedLong(IoCqringOffsets.ringMask(params, cq)));
        int cqeSize = RingMapping.cqeSize(setupFlags);
        this.sqe = new Sqe(m.sqes, RingMapping.sqeSize(setupFlags));
        this.cqe = new Cqe(cqRing.asSlice(Integer.toUnsignedLong(IoCqringOffsets.cqes(params, cq)),
                (long) cqEntries * cqeSize), cqeSize);
        if ((setupFlags & SetupFlags.NO_SQARRAY) == 0) {
            // Slot i of the index array always names SQE i: the SQEs are used in ring order.
            long array = Integer.toUnsignedLong(IoSqringOffsets.array(params, sq));
            for (int i = 0; i < sqEntries; i++) {
                sqRing.set(ValueLayout.JAVA_INT, array + (long) i * Integer.BYTES, i);
            }
        }
    }

    /** Opens a ring with the default options and {@code entries} SQ entries. */
    public static Ring open(int entries) {
        return open(RingOptions.ofEntries(entries));
    }

    /**
     * Sets up a ring: io_uring_setup(2), then maps its memory.
     *
     * @throws IllegalStateException when a single-issuer ring is opened on a virtual thread, or
     *                               {@code attachWq} names a closed ring
     * @throws UringException        when the kernel refuses; the message says what to do
     */
    public static Ring open(RingOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        if (options.singleIssuer() && Thread.currentThread().isVirtual()) {
            throw new IllegalStateException("a single-issuer ring must be opened on a platform thread: the kernel ties"
                    + " it to one thread and a virtual thread may move between carriers; open it on a platform thread"
                    + " or use RingOptions.builder().multiIssuer()");
        }
        Ring wq = options.attachWq();
        if (wq != null && wq.closed) {
            throw new IllegalStateException("attachWq: the ring to share the worker pool with is closed");
        }
        Arena arena = Arena.ofShared();
        MemorySegment errno = Syscalls.newErrnoSegment(arena);
        int fd = -1;
        RingMapping mapping = null;
        Ring ring = null;
        try {
            MemorySegment params = arena.allocate(IoUringParams.LAYOUT);
            int flags = fillParams(params, options);
            fd = Syscalls.setup(errno, options.entries(), params.address());
            if (fd < 0) {
                throw SetupErrors.setupFailed(-fd, options, flags, errno);
            }
            int[] error = new int[1];
            mapping = RingMapping.map(errno, fd, params, IoUringParams.flags(params, 0),
                    IoUringParams.features(params, 0), error);
            if (mapping == null) {
                throw SetupErrors.mmapFailed(-error[0]);
            }
            ring = new Ring(fd, params, options, arena, mapping, errno);
            if (options.registerRingFd()) {
                ring.registerRingFd();
            }
            return ring;
        } catch (RuntimeException | Error e) {
            if (ring != null) {
                ring.close();
            } else {
                if (mapping != null) {
                    mapping.unmap(errno);
                }
                if (fd >= 0) {
                    Syscalls.close(errno, fd);
                }
                arena.close();
            }
            throw e;
        }
    }

    /** Writes the setup request into {@code params}; returns the flags passed. */
    static int fillParams(MemorySegment params, RingOptions options) {
        params.fill((byte) 0);
        int flags = options.flags() | (options.cqEntries() != 0 ? SetupFlags.CQSIZE : 0);
        IoUringParams.flags(params, 0, flags);
        IoUringParams.cqEntries(params, 0, options.cqEntries());
        IoUringParams.sqThreadIdle(params, 0, options.sqThreadIdleMillis());
        IoUringParams.sqThreadCpu(params, 0, Math.max(0, options.sqThreadCpu()));
        if (options.attachWq() != null) {
            IoUringParams.wqFd(params, 0, options.attachWq().fd);
        }
        return flags;
    }

    private void registerRingFd() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment update = a.allocate(IoUringRsrcUpdate.LAYOUT);
            IoUringRsrcUpdate.offset(update, 0, -1); // -1: the kernel picks a free slot
            IoUringRsrcUpdate.data(update, 0, fd);
            register(RegisterOp.REGISTER_RING_FDS, update, 1);
            registeredIndex = IoUringRsrcUpdate.offset(update, 0);
        }
        enterFd = registeredIndex;
        enterFlags |= EnterFlags.REGISTERED_RING;
    }

    // ---------------------------------------------------------------- submission

    /**
     * The reusable SQE view positioned on the next free SQ slot, or null when the SQ is full
     * (submit, then try again). The slot is handed to the kernel by the next {@link #submit()}.
     * The view is the same object every time: fill it before asking for the next one.
     *
     * @throws IllegalStateException on the wrong thread (see the class description) or after close
     */
    public Sqe nextSqe() {
        checkSubmitter();
        reclaimUnprepared();
        int tail = sqTail;
        if (tail - sqHeadCache >= sqEntries) {
            sqHeadCache = (int) INT.getAcquire(sqRing, sqHeadOff);
            if (tail - sqHeadCache >= sqEntries) {
                return null;
            }
        }
        sqe.moveTo(tail & sqMask);
        sqTail = tail + 1;
        slotOut = true;
        return sqe;
    }

    /**
     * Takes back the slot last handed out by {@link #nextSqe()} if no prep method completed on it
     * (it threw on a bad argument): submitting it would send whatever the slot held before.
     */
    private void reclaimUnprepared() {
        if (slotOut) {
            slotOut = false;
            if (!sqe.prepared) {
                sqTail--;
            }
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
        return submit(0, false);
    }

    /**
     * Submits like {@link #submit()} and waits, in the same system call, until at least
     * {@code waitNr} completions are ready.
     *
     * @param waitNr completions to wait for, 0 to {@link #cqEntries()}
     * @return the number of SQEs the kernel took
     */
    public int submitAndWait(int waitNr) {
        checkSubmitter();
        checkWaitCount(waitNr, "waitNr");
        int submitted = submit(waitNr, true);
        if (waitNr > 0 && cqReady() < waitNr) {
            // A signal cut the wait short after the submission went through.
            awaitCompletions(waitNr);
        }
        return submitted;
    }

    private int submit(int waitNr, boolean wait) {
        if (!enabled) {
            throw new IllegalStateException("the ring was opened disabled (R_DISABLED); call enable() first");
        }
        reclaimUnprepared();
        int tail = sqTail;
        int published = tail - sqTailPublished;
        if (published != 0) {
            INT.setRelease(sqRing, sqTailOff, tail);
            sqTailPublished = tail;
        }
        if (sqPoll) {
            return submitSqPoll(published, waitNr, wait);
        }
        int pending = tail - (int) INT.getAcquire(sqRing, sqHeadOff);
        int flags = enterFlags;
        int r;
        if (wait || ioPoll || needsCqFlush()) {
            r = Syscalls.enter(errno(), enterFd, pending, waitNr, flags | EnterFlags.GETEVENTS, 0L, 0L);
        } else if (pending == 0) {
            return 0;
        } else {
            r = Syscalls.submitOnly(errno(), enterFd, pending, flags);
        }
        if (r < 0) {
            if (r == -EINTR && wait) {
                return 0; // nothing was submitted; the caller waits again
            }
            throw new UringException("io_uring_enter (submit)", -r);
        }
        return r;
    }

    private int submitSqPoll(int published, int waitNr, boolean wait) {
        int flags = enterFlags;
        // The tail store must be visible before NEED_WAKEUP is read, or a poller going to sleep
        // could miss the new entries.
        VarHandle.fullFence();
        if ((sqFlags() & SqRingFlags.NEED_WAKEUP) != 0) {
            flags |= EnterFlags.SQ_WAKEUP;
        }
        if (wait) {
            flags |= EnterFlags.GETEVENTS;
        }
        if (flags != enterFlags) {
            int r = Syscalls.enter(errno(), enterFd, published, waitNr, flags, 0L, 0L);
            if (r < 0 && !(r == -EINTR && wait)) {
                throw new UringException("io_uring_enter (SQPOLL wakeup)", -r);
            }
        }
        return published;
    }

    /** SQEs obtained from {@link #nextSqe()} and not yet handed over by {@link #submit()}. */
    public int sqQueued() {
        checkOpen();
        return sqTail - sqTailPublished;
    }

    /** Free SQ slots: how many more {@link #nextSqe()} calls can succeed right now. */
    public int sqSpaceLeft() {
        checkOpen();
        return sqEntries - (sqTail - (int) INT.getAcquire(sqRing, sqHeadOff));
    }

    // ---------------------------------------------------------------- completion

    /**
     * The reusable CQE view over the oldest unseen completion, or null when there is none.
     * Does not enter the kernel, except when the SQ ring flags say completions are held back
     * (CQ overflow, or pending completion work with {@code TASKRUN_FLAG}); then one
     * io_uring_enter brings them into the CQ. Call {@link #seen()} when done with the entry.
     */
    public Cqe peek() {
        checkConsumer();
        for (;;) {
            int head = cqHead;
            if (head == cqTailCache) {
                int tail = (int) INT.getAcquire(cqRing, cqTailOff);
                if (head == tail) {
                    if (!needsCqFlush()) {
                        return null;
                    }
                    flushCq();
                    tail = (int) INT.getAcquire(cqRing, cqTailOff);
                    if (head == tail) {
                        return null;
                    }
                }
                cqTailCache = tail;
            }
            cqe.moveTo(head & cqMask);
            if (mixedCqes) {
                if (cqe.isSkip()) {
                    // Padding before the ring wraps: consume it silently.
                    cqHead = head + 1;
                    INT.setRelease(cqRing, cqHeadOff, head + 1);
                    continue;
                }
                cqe.big = cqe.isCqe32();
            }
            return cqe;
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
        int head = cqHead;
        if (head == cqTailCache) {
            throw new IllegalStateException("seen(): no completion to mark; peek() first");
        }
        int next = head + entrySlots(head);
        cqHead = next;
        INT.setRelease(cqRing, cqHeadOff, next);
    }

    /**
     * Marks the next {@code n} completions consumed without reading them.
     *
     * @throws IllegalArgumentException when {@code n} is negative or more than are ready
     */
    public void advance(int n) {
        checkConsumer();
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0; was " + n);
        }
        if (mixedCqes) {
            for (int i = 0; i < n; i++) {
                if (peek() == null) {
                    throw new IllegalArgumentException("n (" + n + ") is more than the " + i + " completions ready");
                }
                seen();
            }
            return;
        }
        int head = cqHead;
        if (cqTailCache - head < n) {
            cqTailCache = (int) INT.getAcquire(cqRing, cqTailOff);
            if (cqTailCache - head < n) {
                throw new IllegalArgumentException("n (" + n + ") is more than the " + (cqTailCache - head)
                        + " completions ready");
            }
        }
        cqHead = head + n;
        INT.setRelease(cqRing, cqHeadOff, head + n);
    }

    /**
     * Hands every ready completion to {@code handler}, oldest first, then gives their slots back
     * to the kernel. If the CQ had overflowed, the held-back completions are brought in once and
     * delivered too; call again while it returns a positive count to empty a larger backlog.
     * The handler may submit, but must not call {@link #peek()}, {@link #seen()},
     * {@link #advance(int)} or {@code drain} itself. If it throws, the completions already
     * delivered (the failing one included) count as seen and the exception propagates.
     *
     * @return the number of completions delivered
     */
    public int drain(CompletionHandler handler) {
        checkConsumer();
        if (handler == null) {
            throw new IllegalArgumentException("handler must not be null");
        }
        draining = true;
        int count = 0;
        // Locals: the handler cannot resize or close-and-reopen the ring mid-drain (it may not
        // reap), so these stay valid and need not be reloaded after each handler call.
        Cqe view = cqe;
        int mask = cqMask;
        boolean mixed = mixedCqes;
        try {
            for (int round = 0; round < 2; round++) {
                int head = cqHead;
                int tail = (int) INT.getAcquire(cqRing, cqTailOff);
                while (head != tail) {
                    view.moveTo(head & mask);
                    int slots = 1;
                    if (mixed) {
                        if (view.isSkip()) {
                            cqHead = ++head;
                            continue;
                        }
                        view.big = view.isCqe32();
                        slots = view.big ? 2 : 1;
                    }
                    head += slots;
                    cqHead = head;
                    handler.onCompletion(view);
                    count++;
                }
                cqTailCache = tail;
                INT.setRelease(cqRing, cqHeadOff, head);
                if (round > 0 || !needsCqFlush()) {
                    break;
                }
                flushCq();
            }
        } finally {
            draining = false;
            INT.setRelease(cqRing, cqHeadOff, cqHead);
        }
        return count;
    }

    /**
     * Completions ready in the CQ now (on a {@code CQE_MIXED} ring: slots, a 32-byte entry
     * counting two).
     */
    public int cqReady() {
        checkOpen();
        int tail = (int) INT.getAcquire(cqRing, cqTailOff);
        cqTailCache = tail;
        return tail - cqHead;
    }

    /**
     * Blocks until at least {@code n} completions are ready; returns at once when they already
     * are. With {@code n == 0}, enters once to run pending completion work and returns.
     * Does not submit: see {@link #submitAndWait(int)}.
     *
     * @param n completions to wait for, 0 to {@link #cqEntries()}
     * @return the number of completions ready (at least {@code n})
     */
    public int waitFor(int n) {
        checkConsumer();
        checkWaitCount(n, "n");
        return awaitCompletions(n);
    }

    private int awaitCompletions(int n) {
        for (;;) {
            int ready = cqReady();
            if (n > 0 && ready >= n) {
                return ready;
            }
            int r = Syscalls.enter(errno(), enterFd, 0, n, enterFlags | EnterFlags.GETEVENTS, 0L, 0L);
            if (r < 0 && r != -EINTR) {
                throw new UringException("io_uring_enter (wait)", -r);
            }
            if (n == 0) {
                return cqReady();
            }
        }
    }

    /**
     * Like {@link #waitFor(int)}, but gives up after {@code timeoutNanos}.
     *
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
        long deadline = System.nanoTime() + timeoutNanos;
        long left = timeoutNanos;
        MemorySegment args = waitArgs;
        IoUringGeteventsArg.minWaitUsec(args, 0, (int) Math.min(Integer.MAX_VALUE,
                (minWaitNanos + NANOS_PER_MICRO - 1) / NANOS_PER_MICRO));
        IoUringGeteventsArg.ts(args, 0, args.address() + TS_BASE);
        for (;;) {
            int ready = cqReady();
            if (n > 0 && ready >= n) {
                return ready;
            }
            KernelTimespec.tvSec(args, TS_BASE, left / NANOS_PER_SECOND);
            KernelTimespec.tvNsec(args, TS_BASE, left % NANOS_PER_SECOND);
            int r = Syscalls.enter(errno(), enterFd, 0, n, enterFlags | EnterFlags.GETEVENTS | EnterFlags.EXT_ARG,
                    args.address(), IoUringGeteventsArg.SIZE);
            if (r < 0 && r != -ETIME && r != -EINTR) {
                throw new UringException("io_uring_enter (timed wait)", -r);
            }
            ready = cqReady();
            if (ready >= n && (n > 0 || r != -EINTR)) {
                return ready;
            }
            if (minWaitNanos > 0 && ready > 0 && r >= 0) {
                return ready;
            }
            left = deadline - System.nanoTime();
            if (r == -ETIME || left <= 0) {
                return -ETIME;
            }
        }
    }

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
        RingOptions.builder().entries(sqEntries).cqEntries(cqEntries).build(); // validates both sizes
        if ((setupFlags & SetupFlags.DEFER_TASKRUN) == 0) {
            throw new IllegalStateException("resize needs a DEFER_TASKRUN ring; this one is " + SetupFlags.describe(setupFlags));
        }
        if (sqTail != sqTailPublished) {
            throw new IllegalStateException("resize: " + (sqTail - sqTailPublished)
                    + " SQEs are queued but not submitted; submit() them first");
        }
        MemorySegment errno = errno();
        RingMapping fresh;
        int[] error = new int[1];
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment params = scratch.allocate(IoUringParams.LAYOUT);
            IoUringParams.sqEntries(params, 0, sqEntries);
            IoUringParams.cqEntries(params, 0, cqEntries);
            IoUringParams.flags(params, 0, cqEntries != 0 ? SetupFlags.CQSIZE : 0);
            register(RegisterOp.REGISTER_RESIZE_RINGS, params, 1);
            fresh = RingMapping.map(errno, fd, params, setupFlags, features, error);
            if (fresh == null) {
                close();
                throw new UringException("mmap of the resized ring", -error[0],
                        "the ring was resized but its new memory could not be mapped; the ring is closed");
            }
            RingMapping old = mapping;
            attach(params, fresh);
            old.unmap(errno);
        }
    }

    /**
     * Enables a ring opened with {@link RingOptions.Builder#disabled()} ({@code REGISTER_ENABLE_RINGS}).
     *
     * @throws IllegalStateException when the ring is already enabled
     */
    public void enable() {
        checkConsumer();
        if (enabled) {
            throw new IllegalStateException("the ring is already enabled");
        }
        register(RegisterOp.REGISTER_ENABLE_RINGS, null, 0);
        enabled = true;
    }

    /**
     * The probe of this kernel's opcodes ({@code REGISTER_PROBE}). Allocates; not for the hot path.
     *
     * @throws IllegalStateException after close, or on a thread other than a single-issuer ring's owner
     */
    public Probe probe() {
        checkOpen();
        return Probe.read(this);
    }

    /**
     * The lock multi-issuer submitters hold from {@link #nextSqe()} to {@link #submit()}.
     *
     * @throws IllegalStateException on a single-issuer ring, which has an owner thread instead
     */
    public ReentrantLock submitLock() {
        if (submitLock == null) {
            throw new IllegalStateException("a single-issuer ring has no submit lock; only its owner thread "
                    + owner.getName() + " submits (open it with RingOptions.builder().multiIssuer() to share it)");
        }
        return submitLock;
    }

    /** The owner thread of a single-issuer ring, or null for a multi-issuer ring. */
    public Thread owner() {
        return owner;
    }

    /** The ring's file descriptor. */
    public int fd() {
        return fd;
    }

    /** The registered ring index used for io_uring_enter, or -1 when the fd is not registered. */
    public int registeredIndex() {
        return registeredIndex;
    }

    /** SQ entries the kernel allocated. */
    public int sqEntries() {
        return sqEntries;
    }

    /** CQ entries the kernel allocated. */
    public int cqEntries() {
        return cqEntries;
    }

    /** The setup flags in effect ({@link SetupFlags}). */
    public int setupFlags() {
        return setupFlags;
    }

    /** The feature bits the kernel reported ({@link FeatureFlags}). */
    public int features() {
        return features;
    }

    /** The features by name, e.g. {@code "SINGLE_MMAP|NODROP|..."}. */
    public String describeFeatures() {
        return FeatureFlags.describe(features);
    }

    /** True when every bit of {@code feature} ({@link FeatureFlags}) was reported. */
    public boolean hasFeature(int feature) {
        return (features & feature) == feature;
    }

    /** True once {@link #close()} has run. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Releases the ring: unregisters the ring fd, unmaps the ring memory, closes the fd and the
     * ring's arena. Idempotent; may be called from any thread. Requests still in flight are
     * cancelled by the kernel; memory they point to must stay valid until then. A thread
     * blocked in {@link #waitFor} is not woken by this.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (int i = closeActions.size() - 1; i >= 0; i--) {
            try {
                closeActions.get(i).run();
            } catch (RuntimeException e) {
                // One failing action must not keep the ring's fd and memory alive.
            }
        }
        MemorySegment errno = THREAD_ERRNO.get();
        if (registeredIndex >= 0 && Thread.currentThread() == owner) {
            // Ring fd registrations belong to the registering thread; from another thread the
            // kernel drops it when the owner thread exits.
            try (Arena a = Arena.ofConfined()) {
                MemorySegment update = a.allocate(IoUringRsrcUpdate.LAYOUT);
                IoUringRsrcUpdate.offset(update, 0, registeredIndex);
                Syscalls.register(errno, fd, RegisterOp.UNREGISTER_RING_FDS, update.address(), 1);
            }
        }
        mapping.unmap(errno);
        arena.close();
        Syscalls.close(errno, fd);
    }

    @Override
    public String toString() {
        return "Ring[fd=" + fd + ", sq=" + sqEntries + ", cq=" + cqEntries + ", flags="
                + SetupFlags.describe(setupFlags) + (closed ? ", closed" : "") + "]";
    }

    /** True unless the ring was opened disabled and {@link #enable()} has not been called yet. */
    public boolean isEnabled() {
        return enabled;
    }

    /** Registers an action run by {@link #close()} (latest first) before the ring's memory is released. */
    synchronized void onClose(Runnable action) {
        checkOpen();
        closeActions.add(action);
    }

    /** The CQ ring's flags word (CqRingFlags), read with acquire ordering. */
    int cqRingFlags() {
        checkOpen();
        return (int) INT.getAcquire(cqRing, cqFlagsOff);
    }

    /** Writes the CQ ring's flags word (CqRingFlags) with release ordering. */
    void cqRingFlags(int flags) {
        checkOpen();
        INT.setRelease(cqRing, cqFlagsOff, flags);
    }

    // ---------------------------------------------------------------- registration (raw)

    /**
     * io_uring_register(2) on this ring. The base for the registration APIs: {@code arg} must be
     * native and alive (or null); its layout is the caller's business.
     *
     * @return the kernel's non-negative result
     * @throws UringException naming the register opcode on failure
     */
    int register(int op, MemorySegment arg, int nrArgs) {
        int r = registerRaw(op, arg, nrArgs);
        if (r < 0) {
            throw new UringException("io_uring_register(" + RegisterOp.describe(op) + ")", -r);
        }
        return r;
    }

    /** Like {@link #register}, but returns {@code -errno} instead of throwing. */
    int registerRaw(int op, MemorySegment arg, int nrArgs) {
        checkOpen();
        if (owner != null && Thread.currentThread() != owner) {
            // The kernel answers EEXIST to anyone but the owner task of a single-issuer ring.
            throw wrongThread();
        }
        long address = Checks.nullableAddress(arg, "arg");
        return Syscalls.register(errno(), fd, op, address, nrArgs);
    }

    // ---------------------------------------------------------------- internals

    private int entrySlots(int head) {
        if (!mixedCqes) {
            return 1;
        }
        cqe.moveTo(head & cqMask);
        return cqe.isCqe32() ? 2 : 1;
    }

    private int sqFlags() {
        return (int) INT.getOpaque(sqRing, sqFlagsOff);
    }

    private boolean needsCqFlush() {
        return (sqFlags() & FLUSH_NEEDED) != 0;
    }

    /** Enters with GETEVENTS and no wait: moves overflowed completions in, runs completion work. */
    private void flushCq() {
        int r = Syscalls.enter(errno(), enterFd, 0, 0, enterFlags | EnterFlags.GETEVENTS, 0L, 0L);
        if (r < 0 && r != -EINTR) {
            throw new UringException("io_uring_enter (flush completions)", -r);
        }
    }

    private MemorySegment errno() {
        return Thread.currentThread() == owner ? ownerErrno : THREAD_ERRNO.get();
    }

    private void checkWaitCount(int n, String param) {
        if (n < 0 || n > cqEntries) {
            throw new IllegalArgumentException(param + " must be from 0 to cqEntries (" + cqEntries + "); was " + n);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw closedError();
        }
    }

    private void checkSubmitter() {
        if (closed) {
            throw closedError();
        }
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
        if (closed) {
            throw closedError();
        }
        Thread o = owner;
        if (o != null && Thread.currentThread() != o) {
            throw wrongThread();
        }
        if (draining) {
            throw new IllegalStateException("the ring is inside drain(): a CompletionHandler must not reap or wait");
        }
    }

    private IllegalStateException closedError() {
        return new IllegalStateException("the ring is closed");
    }

    private IllegalStateException wrongThread() {
        return new IllegalStateException("single-issuer ring: called from thread " + Thread.currentThread().getName()
                + " but its owner is " + owner.getName() + " (open it with RingOptions.builder().multiIssuer()"
                + " to share it between threads)");
    }
}
