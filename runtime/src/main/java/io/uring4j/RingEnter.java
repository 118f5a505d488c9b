package io.uring4j;

import io.uring4j.internal.Syscalls;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.EnterFlags;
import io.uring4j.kernel.flags.SqRingFlags;
import io.uring4j.kernel.structs.IoUringGeteventsArg;
import io.uring4j.kernel.structs.KernelTimespec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;

/**
 * The io_uring_enter(2) calls of one ring: submit, submit-and-wait, flush held-back completions,
 * plain and timed waits. Allocation-free; the caller (the {@link Ring} facade) has checked the
 * thread and the arguments.
 */
final class RingEnter {
    /** errno capture for threads other than the owner (multi-issuer submitters, close, register). */
    private static final ThreadLocal<MemorySegment> THREAD_ERRNO =
            ThreadLocal.withInitial(() -> Syscalls.newErrnoSegment(Arena.ofAuto()));
    static final int EINTR = Errno.EINTR.value();
    static final int ETIME = Errno.ETIME.value();
    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long NANOS_PER_MICRO = TimeUnit.MICROSECONDS.toNanos(1);
    private static final long TS_BASE = IoUringGeteventsArg.SIZE;
    /**
     * The longest single sleep in the kernel. A blocking wait is a series of timed waits of at
     * most this long, with the closed flag and the thread's interrupt status checked between
     * them: io_uring_enter holds its own reference to the ring file, so neither close(2) from
     * another thread nor Thread.interrupt() wakes it. 20 ms keeps a waiter's wake-up after
     * close() well under 100 ms on a loaded machine (50 ms slices measured up to 92 ms with two
     * busy cores) and costs an idle waiting ring 50 short system calls a second.
     */
    static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Thread owner;
    private final MemorySegment ownerErrno;
    /** io_uring_getevents_arg followed by its kernel_timespec, for timed waits. */
    private final MemorySegment waitArgs;
    private final boolean sqPoll;
    private final boolean ioPoll;
    /** FEAT_EXT_ARG: waits can be bounded; without it they block until a completion (documented). */
    private final boolean extArg;
    /** errno capture for threads other than the owner: in the ring's arena, so close waits for their calls. */
    private final ThreadLocal<MemorySegment> threadErrno;
    /** Set by close, read by waiters between slices (they may be other threads). */
    private volatile boolean closing;
    /**
     * 1 while the owner thread is in a non-waiting call ({@link #enterNoWait}), which holds no
     * capture segment of the ring's arena: close waits for it to drop ({@link #awaitOwnerOut}).
     */
    private volatile int ownerInCall;
    private static final VarHandle OWNER_IN_CALL;

    static {
        try {
            OWNER_IN_CALL = java.lang.invoke.MethodHandles.lookup().findVarHandle(RingEnter.class, "ownerInCall",
                    int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    private int fd;
    private int flags;

    RingEnter(int fd, Thread owner, MemorySegment ownerErrno, Arena arena, boolean sqPoll, boolean ioPoll,
            boolean extArg) {
        this.fd = fd;
        this.extArg = extArg;
        this.threadErrno = ThreadLocal.withInitial(() -> Syscalls.newErrnoSegment(arena));
        this.owner = owner;
        this.ownerErrno = ownerErrno;
        this.waitArgs = arena.allocate(IoUringGeteventsArg.SIZE + KernelTimespec.SIZE, Long.BYTES);
        this.sqPoll = sqPoll;
        this.ioPoll = ioPoll;
    }

    /** From now on, enter through the registered ring index instead of the fd. */
    void useRegisteredIndex(int index) {
        fd = index;
        flags |= EnterFlags.REGISTERED_RING;
    }

    /**
     * {@return the errno capture segment of the calling thread} Every one lives in the ring's
     * arena: a system call on this ring holds that arena, so close cannot free the fd under it,
     * and a call attempted after close fails in Java before the (possibly reused) fd number
     * reaches the kernel.
     */
    MemorySegment errno() {
        return Thread.currentThread() == owner ? ownerErrno : threadErrno.get();
    }

    /** Tells waiters, at their next slice, that the ring is closing. */
    void markClosing() {
        closing = true;
    }

    /**
     * After {@link #markClosing()}: waits until the owner thread is out of a non-waiting call
     * (microseconds); any later one sees {@code closing} and fails before the fd reaches the kernel.
     * The pair volatile write then volatile read on each side (closing/ownerInCall) means at
     * least one of the two threads sees the other's write.
     */
    void awaitOwnerOut() {
        while (ownerInCall != 0) {
            Thread.onSpinWait();
        }
    }

    /** {@return true once close has begun (a volatile read, for other threads)} */
    boolean isClosing() {
        return closing;
    }

    /** {@return a capture segment that outlives the ring's arena (for close, which frees that arena first)} */
    static MemorySegment threadErrno() {
        return THREAD_ERRNO.get();
    }

    /**
     * Publishes the queued SQEs and enters the kernel if anything needs it (new entries, a wait,
     * IOPOLL reaping, or held-back completions).
     *
     * @return the number of SQEs the kernel took (SQPOLL: the number handed to the poller)
     */
    int submit(SubmissionQueue sq, int waitNr, boolean wait) {
        int published = sq.publish();
        if (sqPoll) {
            return submitSqPoll(sq, published, waitNr, wait);
        }
        int pending = sq.pending();
        int r;
        if (wait && waitNr > 0 && extArg && !ioPoll) {
            // Submit and reap without sleeping (min_complete 0 runs deferred task work and returns):
            // completions that are ready at once cost no wait argument; the caller, which always
            // follows with await() when fewer than waitNr are ready, sleeps in close-aware slices.
            r = enterNoWait(pending, flags | EnterFlags.GETEVENTS);
        } else if (wait || ioPoll) {
            r = Syscalls.enter(errno(), fd, pending, waitNr, flags | EnterFlags.GETEVENTS, 0L, 0L);
        } else if (sq.needsCqFlush()) {
            r = enterNoWait(pending, flags | EnterFlags.GETEVENTS);
        } else if (pending == 0) {
            return 0;
        } else {
            r = enterNoWait(pending, flags);
        }
        if (r < 0) {
            if (r == -EINTR && wait) {
                return 0; // nothing was submitted; the caller waits again
            }
            throw new UringException("io_uring_enter (submit)", -r);
        }
        return r;
    }

    /**
     * io_uring_enter with min_complete 0, which never sleeps. The owner thread takes the critical
     * path without errno capture ({@link Syscalls#enterNoWait}); no capture segment holds the
     * ring's arena then, so the {@link #ownerInCall} flag tells close to wait instead. A failure
     * whose errno that path did not learn is repeated with capture; other threads take the
     * capturing call.
     *
     * @return the number of SQEs consumed, or -errno
     */
    private int enterNoWait(int toSubmit, int enterFlags) {
        if (Thread.currentThread() == owner) {
            OWNER_IN_CALL.setVolatile(this, 1);
            int r;
            try {
                if (closing) {
                    throw new RingClosedException("io_uring_enter");
                }
                r = Syscalls.enterNoWait(fd, toSubmit, enterFlags);
            } finally {
                OWNER_IN_CALL.setRelease(this, 0);
            }
            if (r != Syscalls.ERRNO_UNKNOWN) {
                return r;
            }
        }
        return Syscalls.enter(errno(), fd, toSubmit, 0, enterFlags, 0L, 0L);
    }

    private int submitSqPoll(SubmissionQueue sq, int published, int waitNr, boolean wait) {
        int f = flags;
        // The tail store must be visible before NEED_WAKEUP is read, or a poller going to sleep
        // could miss the new entries.
        VarHandle.fullFence();
        if ((sq.flags() & SqRingFlags.NEED_WAKEUP) != 0) {
            f |= EnterFlags.SQ_WAKEUP;
        }
        long arg = 0L;
        long argSize = 0L;
        if (wait) {
            f |= EnterFlags.GETEVENTS;
            if (waitNr > 0 && extArg) {
                f |= EnterFlags.EXT_ARG;
                arg = slice(WAIT_SLICE_NANOS, 0L);
                argSize = IoUringGeteventsArg.SIZE;
            }
        }
        if (f != flags) {
            int r = Syscalls.enter(errno(), fd, published, waitNr, f, arg, argSize);
            if (r < 0 && !((r == -EINTR || r == -ETIME) && wait)) {
                throw new UringException("io_uring_enter (SQPOLL wakeup)", -r);
            }
        }
        return published;
    }

    /** SQPOLL: blocks until the poller has consumed at least one entry ({@code SQ_WAIT}). */
    void awaitSqSpace() {
        int r = Syscalls.enter(errno(), fd, 0, 0, flags | EnterFlags.SQ_WAIT, 0L, 0L);
        if (r < 0 && r != -EINTR) {
            throw new UringException("io_uring_enter (wait for SQ space)", -r);
        }
    }

    boolean isSqPoll() {
        return sqPoll;
    }

    /** Enters with GETEVENTS and no wait: moves overflowed completions in, runs completion work. */
    void flush() {
        int r = enterNoWait(0, flags | EnterFlags.GETEVENTS);
        if (r < 0 && r != -EINTR) {
            throw new UringException("io_uring_enter (flush completions)", -r);
        }
    }

    /**
     * Blocks until {@code n} completions are ready (n == 0: enters once) and returns the number
     * ready. Sleeps in slices of {@link #WAIT_SLICE_NANOS}, so a close from another thread or an
     * interrupt ends it within one slice.
     */
    int await(CompletionQueue cq, int n) {
        for (;;) {
            int ready = cq.ready();
            if (n > 0 && ready >= n) {
                return ready;
            }
            checkWaitable("waitFor");
            int r;
            if (n > 0 && extArg && !ioPoll) {
                r = Syscalls.enter(errno(), fd, 0, n, flags | EnterFlags.GETEVENTS | EnterFlags.EXT_ARG,
                        slice(WAIT_SLICE_NANOS, 0L), IoUringGeteventsArg.SIZE);
            } else {
                r = Syscalls.enter(errno(), fd, 0, n, flags | EnterFlags.GETEVENTS, 0L, 0L);
            }
            if (r < 0 && r != -EINTR && r != -ETIME) {
                throw new UringException("io_uring_enter (wait)", -r);
            }
            if (n == 0) {
                return cq.ready();
            }
        }
    }

    /** Refuses to (go on) sleeping on a closing ring or an interrupted thread. */
    private void checkWaitable(String what) {
        if (closing) {
            throw new RingClosedException(what);
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new UringException(what, EINTR, "the waiting thread was interrupted (Thread.interrupt());"
                    + " its interrupt status stays set and completions that arrived stay in the CQ");
        }
    }

    /** Fills the wait arguments for a relative timeout of {@code nanos}; returns their address. */
    private long slice(long nanos, long minWaitNanos) {
        MemorySegment args = waitArgs;
        IoUringGeteventsArg.minWaitUsec(args, 0, (int) Math.min(Integer.MAX_VALUE,
                (minWaitNanos + NANOS_PER_MICRO - 1) / NANOS_PER_MICRO));
        IoUringGeteventsArg.ts(args, 0, args.address() + TS_BASE);
        KernelTimespec.tvSec(args, TS_BASE, nanos / NANOS_PER_SECOND);
        KernelTimespec.tvNsec(args, TS_BASE, nanos % NANOS_PER_SECOND);
        return args.address();
    }

    /**
     * Blocks until {@code n} completions are ready or {@code timeoutNanos} passed
     * ({@code EXT_ARG}); see {@link Ring#waitFor(int, long, long)}.
     *
     * @return the number ready, or {@code -ETIME}
     */
    int awaitTimed(CompletionQueue cq, int n, long timeoutNanos, long minWaitNanos) {
        long start = System.nanoTime();
        long deadline = start + timeoutNanos;
        long left = timeoutNanos;
        for (;;) {
            int ready = cq.ready();
            if (n > 0 && ready >= n) {
                return ready;
            }
            checkWaitable("waitFor");
            boolean sliced = left > WAIT_SLICE_NANOS;
            long sleep = sliced ? WAIT_SLICE_NANOS : left;
            // The minimum wait is measured from the call, so later slices get what is left of it.
            long minWait = minWaitNanos == 0 ? 0 : Math.clamp(minWaitNanos - (System.nanoTime() - start), 0, sleep);
            int r = Syscalls.enter(errno(), fd, 0, n, flags | EnterFlags.GETEVENTS | EnterFlags.EXT_ARG,
                    slice(sleep, minWait), IoUringGeteventsArg.SIZE);
            if (r < 0 && r != -ETIME && r != -EINTR) {
                throw new UringException("io_uring_enter (timed wait)", -r);
            }
            ready = cq.ready();
            if (ready >= n && (n > 0 || r != -EINTR)) {
                return ready;
            }
            if (minWaitNanos > 0 && ready > 0 && r >= 0) {
                return ready;
            }
            left = deadline - System.nanoTime();
            if ((r == -ETIME && !sliced) || left <= 0) {
                return -ETIME;
            }
        }
    }
}
