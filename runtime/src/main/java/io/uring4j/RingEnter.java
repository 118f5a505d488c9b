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

    private final Thread owner;
    private final MemorySegment ownerErrno;
    /** io_uring_getevents_arg followed by its kernel_timespec, for timed waits. */
    private final MemorySegment waitArgs;
    private final boolean sqPoll;
    private final boolean ioPoll;
    private int fd;
    private int flags;

    RingEnter(int fd, Thread owner, MemorySegment ownerErrno, Arena arena, boolean sqPoll, boolean ioPoll) {
        this.fd = fd;
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

    /** {@return the errno capture segment of the calling thread} */
    MemorySegment errno() {
        return Thread.currentThread() == owner ? ownerErrno : THREAD_ERRNO.get();
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
        if (wait || ioPoll || sq.needsCqFlush()) {
            r = Syscalls.enter(errno(), fd, pending, waitNr, flags | EnterFlags.GETEVENTS, 0L, 0L);
        } else if (pending == 0) {
            return 0;
        } else {
            r = Syscalls.submitOnly(errno(), fd, pending, flags);
        }
        if (r < 0) {
            if (r == -EINTR && wait) {
                return 0; // nothing was submitted; the caller waits again
            }
            throw new UringException("io_uring_enter (submit)", -r);
        }
        return r;
    }

    private int submitSqPoll(SubmissionQueue sq, int published, int waitNr, boolean wait) {
        int f = flags;
        // The tail store must be visible before NEED_WAKEUP is read, or a poller going to sleep
        // could miss the new entries.
        VarHandle.fullFence();
        if ((sq.flags() & SqRingFlags.NEED_WAKEUP) != 0) {
            f |= EnterFlags.SQ_WAKEUP;
        }
        if (wait) {
            f |= EnterFlags.GETEVENTS;
        }
        if (f != flags) {
            int r = Syscalls.enter(errno(), fd, published, waitNr, f, 0L, 0L);
            if (r < 0 && !(r == -EINTR && wait)) {
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
        int r = Syscalls.enter(errno(), fd, 0, 0, flags | EnterFlags.GETEVENTS, 0L, 0L);
        if (r < 0 && r != -EINTR) {
            throw new UringException("io_uring_enter (flush completions)", -r);
        }
    }

    /** Blocks until {@code n} completions are ready (n == 0: enters once). Returns the number ready. */
    int await(CompletionQueue cq, int n) {
        for (;;) {
            int ready = cq.ready();
            if (n > 0 && ready >= n) {
                return ready;
            }
            int r = Syscalls.enter(errno(), fd, 0, n, flags | EnterFlags.GETEVENTS, 0L, 0L);
            if (r < 0 && r != -EINTR) {
                throw new UringException("io_uring_enter (wait)", -r);
            }
            if (n == 0) {
                return cq.ready();
            }
        }
    }

    /**
     * Blocks until {@code n} completions are ready or {@code timeoutNanos} passed
     * ({@code EXT_ARG}); see {@link Ring#waitFor(int, long, long)}.
     *
     * @return the number ready, or {@code -ETIME}
     */
    int awaitTimed(CompletionQueue cq, int n, long timeoutNanos, long minWaitNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        long left = timeoutNanos;
        MemorySegment args = waitArgs;
        IoUringGeteventsArg.minWaitUsec(args, 0, (int) Math.min(Integer.MAX_VALUE,
                (minWaitNanos + NANOS_PER_MICRO - 1) / NANOS_PER_MICRO));
        IoUringGeteventsArg.ts(args, 0, args.address() + TS_BASE);
        for (;;) {
            int ready = cq.ready();
            if (n > 0 && ready >= n) {
                return ready;
            }
            KernelTimespec.tvSec(args, TS_BASE, left / NANOS_PER_SECOND);
            KernelTimespec.tvNsec(args, TS_BASE, left % NANOS_PER_SECOND);
            int r = Syscalls.enter(errno(), fd, 0, n, flags | EnterFlags.GETEVENTS | EnterFlags.EXT_ARG,
                    args.address(), IoUringGeteventsArg.SIZE);
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
            if (r == -ETIME || left <= 0) {
                return -ETIME;
            }
        }
    }
}
