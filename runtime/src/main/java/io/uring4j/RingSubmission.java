package io.uring4j;

import io.uring4j.internal.RingMapping;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.SetupFlags;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;

/** The submission half of the {@link Ring} facade: entries, submits, the one-request call. */
abstract sealed class RingSubmission extends RingState permits RingCompletion {
    RingSubmission(int fd, MemorySegment params, RingOptions options, Arena arena, RingMapping mapping, MemorySegment errno) {
        super(fd, params, options, arena, mapping, errno);
    }

    /**
     * The reusable SQE view positioned on the next free SQ slot. When the SQ is full, the queued
     * entries are submitted first to make room (on an SQPOLL ring, it also waits for the poller
     * to take one). The slot is handed to the kernel by the next {@link Ring#submit()}. The view is
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
     * On an SQE128 ring this is {@link Ring#nextSqe()}. On an SQE_MIXED ring (Linux 6.19) it is two
     * consecutive 64-byte slots; when they would wrap past the SQ's end, the last slot first gets
     * a padding NOP that posts no completion (CQE_SKIP_SUCCESS). The entry counts as two SQ
     * entries, and takes only 128-byte opcodes. When the SQ lacks room, the queued entries are
     * submitted first, as in {@link Ring#nextSqe()}.
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
     * Reserves the next {@code n} SQ slots for the ring's {@link SqeBatch}, whose
     * {@link SqeBatch#next(long)} then hands them out one by one without checking the thread or
     * the room again. Replaces a reservation still open. Does not submit: when fewer than
     * {@code n} slots are free, it throws and reserves nothing (submit first).
     *
     * {@snippet class=io.uring4j.snippets.BatchSnippets region=reserve}
     *
     * @param n entries to reserve, 1 to {@link Ring#sqEntries()}
     * @return the ring's batch view (the same object every time)
     * @throws IllegalArgumentException when {@code n} is out of range
     * @throws IllegalStateException    when fewer than {@code n} slots are free, or on the wrong thread
     * @throws RingClosedException      after close
     */
    public SqeBatch reserve(int n) {
        checkSubmitter();
        if (n < 1 || n > sq.entries()) {
            throw new IllegalArgumentException("n must be from 1 to sqEntries (" + sq.entries() + "); was " + n);
        }
        int missing;
        try {
            missing = sq.reserve(n);
        } catch (IllegalStateException e) {
            throw closedOr(e, "reserve");
        }
        if (missing > 0) {
            throw new IllegalStateException("reserve: n (" + n + ") is more than the " + (n - missing)
                    + " free SQ slots (" + sq.queued() + " entries queued, the rest not yet taken by the kernel);"
                    + " submit() first or reserve fewer");
        }
        return batch;
    }

    /**
     * Like {@link Ring#nextSqe()}, but returns null instead of submitting when the SQ is full.
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
     * Submits like {@link Ring#submit()} and waits, in the same system call, until at least
     * {@code waitNr} completions are ready.
     *
     * The wait ends early, with an exception, when the ring is closed or the thread interrupted
     * (see {@link Ring#waitFor(int)}); the SQEs were submitted by then.
     *
     * @param waitNr completions to wait for, 0 to {@link Ring#cqEntries()}
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
     * Submits like {@link Ring#submit()}, then waits until {@code waitNr} completions are ready or
     * {@code timeout} has passed. Allocation-free.
     *
     * {@snippet class=io.uring4j.snippets.Snippets region=timedWait}
     *
     * @param waitNr  completions to wait for, 0 to {@link Ring#cqEntries()}
     * @param timeout the longest wait; saturated at about 292 years
     * @return the number of SQEs the kernel took, or {@code -ETIME} (the negated
     *         {@link Errno#ETIME} value) when the time ran out first
     * @throws IllegalStateException when the kernel lacks {@code FEAT_EXT_ARG}
     */
    public int submitAndWait(int waitNr, Duration timeout) {
        long nanos = RingCompletion.nanos(timeout, "timeout");
        int submitted = submit();
        int ready = ((Ring) this).waitFor(waitNr, nanos);
        return ready < 0 ? ready : submitted;
    }

    /**
     * Submits {@code request} (the SQE last handed out by {@link Ring#nextSqe()}, prepared), waits
     * for its completion, marks it seen and returns its result: a byte count, an fd, or 0, as
     * the opcode defines. The request's user_data is replaced by a marker of this method.
     * Meant for one request at a time: nothing else may be queued or waiting in the CQ, and if
     * another request's completion arrives first an {@link IllegalStateException} says so (use
     * {@link Ring#drain(CompletionHandler)} when several requests are in flight). Allocation-free
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
     * Like {@link Ring#submitAndCheck(Sqe)}, naming the operation in the exception on failure.
     *
     * @param request the prepared SQE
     * @param what    what the request does, e.g. {@code "open config.yaml"}, for the error message
     * @return the completion's non-negative {@code res}
     */
    public int submitAndCheck(Sqe request, String what) {
        checkSubmitter();
        checkConsumer();
        return SingleRequest.run((Ring) this, request, what);
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
     * Before a wait: sends the library's deferred steps (a re-arm or a cancel that met a full SQ),
     * whose completions a loop that only waits may be waiting for. Only from a thread that may
     * submit (the owner; on a multi-issuer ring, a thread that gets the submit lock at once).
     */
    final void sendDeferredBeforeWait() {
        if (deferred.isEmpty() || !enabled) {
            return;
        }
        if (owner != null) {
            if (Thread.currentThread() == owner) {
                submitDeferred(0, false);
            }
        } else if (submitLock.tryLock()) {
            try {
                submitDeferred(0, false);
            } finally {
                submitLock.unlock();
            }
        }
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

    /** {@return SQEs obtained from {@link Ring#nextSqe()} and not yet handed over by {@link Ring#submit()}} */
    public int sqQueued() {
        checkOpen();
        return sq.queued();
    }

    /** {@return free SQ slots: how many more {@link Ring#tryNextSqe()} calls can succeed right now} */
    public int sqSpaceLeft() {
        checkOpen();
        return sq.spaceLeft();
    }

}
