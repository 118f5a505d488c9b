package io.uring4j.channels;

import io.uring4j.CompletionHandler;
import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.RingOptions;
import io.uring4j.Sqe;
import io.uring4j.UringException;
import io.uring4j.kernel.flags.SetupFlags;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One ring of the {@link RingPool} and its completion path. Any thread submits, holding the
 * ring's submit lock. Completions are drained by whichever thread holds {@link #reapLock}: the
 * submitter itself right after submitting (a read served inline completes inside io_uring_enter,
 * so the caller returns without parking), any waiting thread before it parks, and the ring's
 * reaper — a platform thread that sleeps on an eventfd the kernel signals whenever it posts
 * completions ({@link CompletionSignal}), drains, and unparks the owners. No thread ever holds
 * the consumer side while it sleeps.
 *
 * <p>Setup: multi-issuer, and without {@code COOP_TASKRUN}: completion work (e.g. of an O_DIRECT
 * read) runs in the submitting thread's context, and with cooperative task running the kernel
 * would not wake a submitter that sleeps, so the completion would wait for its next system call.
 */
final class ChannelRing {
    private static final int SQ_ENTRIES = 1024;
    private static final int CQ_ENTRIES = 16384;
    /** user_data of requests whose completion nobody waits for (cancellations). */
    static final long NO_OWNER = -1L;

    private final Ring ring;
    private final ReentrantLock submitLock;
    private final ReentrantLock reapLock = new ReentrantLock();
    private final RequestTable table;
    /** Completions still to come (tests and diagnostics). */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final CompletionSignal signal;
    private final Thread reaper;
    private final CompletionHandler dispatch = this::dispatch;

    ChannelRing(int id) {
        RingOptions options = RingOptions.builder().entries(SQ_ENTRIES).cqEntries(CQ_ENTRIES).multiIssuer()
                .removeFlags(SetupFlags.COOP_TASKRUN | SetupFlags.TASKRUN_FLAG).build();
        this.ring = Ring.open(options);
        this.submitLock = ring.submitLock();
        this.table = new RequestTable(this);
        this.signal = new CompletionSignal(ring);
        this.reaper = Thread.ofPlatform().daemon().name("uring4j-channels-reaper-" + id).unstarted(this::reap);
        reaper.start();
    }

    /** A free request slot for the current thread (blocking) or for an asynchronous operation. */
    Request acquire(AsyncOp op) {
        Request r = table.take();
        r.reset(op == null ? Thread.currentThread() : null, op);
        return r;
    }

    /** Gives a finished request's slot back. */
    void release(Request r) {
        if (r.submitted && !r.done) {
            // Still the kernel's: leak the slot (and what it references) rather than reuse it.
            return;
        }
        r.clearReferences();
        table.give(r);
    }

    /**
     * Starts a submission: takes the submit lock and returns the next SQE for the caller to prep.
     * Follow with {@link #commit} (or {@link #abort} when the prep threw).
     */
    Sqe begin() {
        submitLock.lock();
        Sqe sqe;
        try {
            sqe = ring.nextSqe();
            while (sqe == null) { // SQ full (older runtimes): hand the queue to the kernel and retry
                ring.submit();
                sqe = ring.nextSqe();
            }
        } catch (RuntimeException | Error e) {
            submitLock.unlock();
            throw e;
        }
        return sqe;
    }

    /** Gives up a submission whose prep threw (the ring takes back an unprepared slot). */
    void abort() {
        submitLock.unlock();
    }

    /**
     * Hands the prepped SQE to the kernel as request {@code r} ({@code null}: a request nobody waits
     * for, e.g. an ASYNC_CANCEL). On return the completion is certain to arrive.
     */
    void commit(Sqe sqe, Request r) {
        boolean drainAfter = r == null || r.async != null;
        try {
            sqe.userData(r == null ? NO_OWNER : r.userData());
            if (r != null) {
                r.submitted = true;
            }
            inFlight.incrementAndGet();
            for (int attempt = 0; ; attempt++) {
                try {
                    ring.submit();
                    break;
                } catch (UringException e) {
                    // The SQE stays queued and its memory is promised to the kernel: keep trying
                    // (EAGAIN/EBUSY pass once completions are reaped).
                    if (attempt % 64 == 63) {
                        tryReap();
                    }
                    Thread.onSpinWait();
                }
            }
        } finally {
            submitLock.unlock();
        }
        if (drainAfter) {
            tryReap(); // nobody awaits it here: deliver what completed inline right away
        }
    }

    /**
     * Blocks until {@code r} has completed and returns its result. Ignores interrupts while it
     * waits (the request's memory is in the kernel's hands until the completion); the caller's
     * interrupt status is kept and the channel's close path cancels the request.
     */
    int await(Request r) {
        if (!r.done) {
            tryReap();
        }
        if (!r.done) {
            // Every completion signals the reaper, so parking cannot miss one.
            boolean interrupted = false;
            while (!r.done) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return r.result;
    }

    /** Drains ready completions if no one else is reaping; never blocks. */
    void tryReap() {
        if (reapLock.isHeldByCurrentThread()) {
            return; // called from inside a drain (a completion that submits): the drain goes on
        }
        if (reapLock.tryLock()) {
            try {
                ring.drain(dispatch);
            } finally {
                reapLock.unlock();
            }
        }
    }

    private void reap() {
        for (;;) {
            try {
                signal.await();
                reapLock.lock();
                try {
                    while (ring.drain(dispatch) > 0) {
                        // until empty: completions posted meanwhile are delivered now
                    }
                } finally {
                    reapLock.unlock();
                }
            } catch (RuntimeException e) {
                // The ring is shared by every channel: report and keep reaping.
                System.getLogger(ChannelRing.class.getName()).log(System.Logger.Level.ERROR, "reaper", e);
            }
        }
    }

    private void dispatch(Cqe cqe) {
        long userData = cqe.userData();
        int res = cqe.res();
        inFlight.decrementAndGet();
        if (userData == NO_OWNER) {
            return;
        }
        Request r = table.get((int) userData);
        if (r == null || r.generation != (int) (userData >>> 32) || r.done) {
            return; // stale: cannot happen with one completion per request, checked all the same
        }
        r.result = res;
        AsyncOp op = r.async;
        if (op != null) {
            r.done = true;
            op.complete(r, res);
        } else {
            Thread waiter = r.waiter;
            r.done = true;
            LockSupport.unpark(waiter);
        }
    }

    /** Completions still to come on this ring (tests). */
    int inFlight() {
        return inFlight.get();
    }
}
