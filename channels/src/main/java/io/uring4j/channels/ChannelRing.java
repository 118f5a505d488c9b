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
 * ring's submit lock. Completions are reaped by whoever holds {@link #reapLock}: first the
 * submitter itself, right after submitting (a read served from the page cache completes inside
 * io_uring_enter, so the caller gets its result without parking or waking anyone); otherwise the
 * caller parks and this ring's reaper thread — a platform thread blocked in io_uring_enter only
 * while someone waits — drains the queue and unparks the owners.
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
    /** Completions still to come: only while positive may the reaper block in the kernel. */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Requests whose completion must come through the reaper (parked owners, asynchronous requests). */
    private final AtomicInteger awaited = new AtomicInteger();
    private final Thread reaper;
    private volatile boolean reaperIdle;
    private final CompletionHandler dispatch = this::dispatch;

    ChannelRing(int id) {
        RingOptions options = RingOptions.builder().entries(SQ_ENTRIES).cqEntries(CQ_ENTRIES).multiIssuer()
                .removeFlags(SetupFlags.COOP_TASKRUN | SetupFlags.TASKRUN_FLAG).build();
        this.ring = Ring.open(options);
        this.submitLock = ring.submitLock();
        this.table = new RequestTable(this);
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
        boolean async = r != null && r.async != null;
        try {
            sqe.userData(r == null ? NO_OWNER : r.userData());
            if (r != null) {
                r.submitted = true;
            }
            inFlight.incrementAndGet();
            if (async) {
                awaited.incrementAndGet();
            }
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
        if (async) {
            wakeReaper();
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
            boolean interrupted = false;
            awaited.incrementAndGet();
            wakeReaper();
            try {
                while (!r.done) {
                    LockSupport.park(this);
                    if (Thread.interrupted()) {
                        interrupted = true;
                    }
                }
            } finally {
                awaited.decrementAndGet();
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
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

    private void wakeReaper() {
        if (reaperIdle) {
            LockSupport.unpark(reaper);
        }
    }

    private void reap() {
        for (;;) {
            if (awaited.get() == 0 || inFlight.get() == 0) {
                reaperIdle = true;
                if (awaited.get() == 0 || inFlight.get() == 0) {
                    LockSupport.park(this);
                }
                reaperIdle = false;
                continue;
            }
            reapLock.lock();
            try {
                if (ring.drain(dispatch) == 0 && inFlight.get() > 0) {
                    ring.waitFor(1);
                    ring.drain(dispatch);
                }
            } catch (RuntimeException e) {
                // The ring is shared by every channel: report and keep reaping.
                System.getLogger(ChannelRing.class.getName()).log(System.Logger.Level.ERROR, "reaper", e);
            } finally {
                reapLock.unlock();
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
            awaited.decrementAndGet();
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
