package io.uring4j.channels;

import io.uring4j.CompletionHandler;
import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.RingOptions;
import io.uring4j.Sqe;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.AtFlags;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * One ring of the {@link RingPool} and the platform thread that owns it. The ring is
 * single-issuer with deferred task running (the runtime's defaults): only its thread submits and
 * reaps, and completion work (an O_DIRECT read's, say) runs when that thread enters the kernel —
 * never as an interrupt on a carrier thread.
 *
 * <p>Callers describe a request in a {@link Request} slot and queue it ({@link #submit}: a
 * lock-free push; the ring thread takes the whole stack at once and submits it oldest first); a
 * blocking caller then parks. The ring thread loops: it turns
 * every queued request into an SQE, submits them all and waits in one io_uring_enter, drains the
 * completions and unparks their owners (or runs their asynchronous completion). When it is about
 * to sleep it says so, and the next caller to queue a request wakes it through an eventfd the
 * ring has a read pending on ({@link Doorbell}); while it is busy, queuing costs no system call
 * and many requests share one io_uring_enter.
 */
final class ChannelRing {
    private static final int SQ_ENTRIES = 1024;
    private static final int CQ_ENTRIES = 16384;
    /** user_data of the doorbell's pending eventfd read. */
    private static final long DOORBELL = -2L;
    private static final int EINVAL = Errno.EINVAL.value();
    private static final VarHandle PUSHED;

    static {
        try {
            PUSHED = MethodHandles.lookup().findVarHandle(ChannelRing.class, "pushed", Request.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Completes an unowned request (a cancellation, a fire-and-forget close): gives its slot back. */
    private static final AsyncOp RELEASE = (r, res) -> r.home.release(r);

    private final RequestTable table;
    private final Thread thread;
    private Ring ring;
    private Doorbell doorbell;
    /** Requests queued for submission, newest first, linked through {@link Request#next}. */
    @SuppressWarnings("unused") // through PUSHED
    private volatile Request pushed;
    /** True while the ring thread may be asleep in the kernel: the next producer rings the doorbell. */
    private volatile boolean sleeping;
    /**
     * Requests in the kernel: prepared and not yet completed. Counted by the ring thread alone,
     * so callers touch no shared counter; {@link #inFlightSeen} publishes it for tests.
     */
    private int inKernel;
    private volatile int inFlightSeen;
    /** The doorbell's read is prepared and not yet submitted. */
    private boolean armPending;
    private final CompletionHandler dispatch = this::dispatch;

    ChannelRing(int id) {
        this.table = new RequestTable(this);
        CountDownLatch opened = new CountDownLatch(1);
        RuntimeException[] failure = new RuntimeException[1];
        this.thread = Thread.ofPlatform().daemon().name("uring4j-channels-ring-" + id).unstarted(() -> {
            try {
                // A single-issuer ring belongs to the thread that opens it.
                ring = Ring.open(RingOptions.builder().entries(SQ_ENTRIES).cqEntries(CQ_ENTRIES).build());
                doorbell = new Doorbell();
            } catch (RuntimeException e) {
                failure[0] = e;
                return;
            } finally {
                opened.countDown();
            }
            run();
        });
        thread.start();
        boolean interrupted = false;
        while (opened.getCount() > 0) {
            try {
                opened.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
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
     * Queues {@code r} (its operation fields set) for the ring thread. From here on its
     * completion is certain to arrive and nothing it references may be released before.
     */
    void submit(Request r) {
        r.submitted = true;
        Request top;
        do {
            top = pushed;
            r.next = top;
        } while (!PUSHED.compareAndSet(this, top, r));
        if (sleeping) {
            sleeping = false;
            doorbell.ring();
        }
    }

    /** Queues a request nobody waits for; its slot comes back by itself. */
    void submitUnowned(int op, int fd, long arg) {
        Request r = acquire(RELEASE);
        r.op = op;
        r.fd = fd;
        r.offset = arg;
        submit(r);
    }

    /**
     * Blocks until {@code r} has completed and returns its result. Ignores interrupts while it
     * waits (the request's memory is in the kernel's hands until the completion); the caller's
     * interrupt status is kept and the channel's close path cancels the request.
     */
    int await(Request r) {
        if (Thread.currentThread() == thread && !r.done) {
            // Only this thread can complete it: say so instead of hanging.
            throw new IllegalStateException("a blocking channel call on the channels ring thread would never return;"
                    + " a CompletionHandler run by a direct executor must not call blocking channel methods");
        }
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
        // Here, not on the ring thread: a blocked caller checks its own request's memory.
        checkMemoryAlive(r, r.result);
        return r.result;
    }

    // ---------------------------------------------------------------- the ring thread

    private void run() {
        Ring ring = this.ring;
        armDoorbell(ring);
        for (;;) {
            try {
                int queued = prepareQueued(ring);
                boolean submit = queued > 0 || armPending;
                armPending = false;
                sleeping = true;
                if (pushed != null) {
                    sleeping = false;
                    if (submit) {
                        ring.submit();
                    }
                } else if (submit) {
                    // Submit and wait for a completion in one call: a new request rings the doorbell.
                    ring.submitAndWait(1);
                    sleeping = false;
                } else {
                    ring.waitFor(1); // nothing to submit: one system call to sleep
                    sleeping = false;
                }
                while (ring.drain(dispatch) > 0) {
                    // until empty
                }
                inFlightSeen = inKernel + (pushed != null ? 1 : 0);
            } catch (RuntimeException e) {
                // The ring is shared by every channel: report and keep going.
                sleeping = false;
                System.getLogger(ChannelRing.class.getName()).log(System.Logger.Level.ERROR, "channels ring thread", e);
            }
        }
    }

    /** Turns every queued request into an SQE, oldest first; returns how many. */
    private int prepareQueued(Ring ring) {
        Request taken = (Request) PUSHED.getAndSet(this, (Request) null);
        if (taken == null) {
            return 0;
        }
        Request oldest = null; // reverse the stack into submission order
        while (taken != null) {
            Request next = taken.next;
            taken.next = oldest;
            oldest = taken;
            taken = next;
        }
        int n = 0;
        for (Request r = oldest; r != null; ) {
            Request next = r.next;
            r.next = null;
            Sqe sqe = ring.nextSqe();
            while (sqe == null) {
                ring.submit(); // SQ full: hand these over and go on
                sqe = ring.nextSqe();
            }
            try {
                prep(sqe, r);
                // The request slot keeps every segment (and the buffer behind it) referenced until
                // its completion, and the ring is never closed: the runtime need not track them.
                sqe.userData(r.userData()).untrackedUnchecked();
                n++;
                inKernel++;
            } catch (RuntimeException e) {
                // A bad request must not stop the ring: it completes with EINVAL.
                complete(r, -EINVAL);
            }
            r = next;
        }
        return n;
    }

    private static void prep(Sqe sqe, Request r) {
        switch (r.op) {
            case Request.READ -> sqe.read(r.fd, r.memory, r.offset, 0, 0);
            case Request.WRITE -> sqe.write(r.fd, r.memory, r.offset, 0, 0, 0);
            // The iovec array is this layer's own, built from buffers it keeps referenced until the completion.
            case Request.READV -> sqe.readvUnchecked(r.fd, r.memory, r.offset, 0, 0);
            case Request.WRITEV -> sqe.writevUnchecked(r.fd, r.memory, r.offset, 0, 0, 0);
            case Request.STATX -> sqe.statx(r.fd, r.memory2, r.arg, r.memory, AtFlags.EMPTY_PATH);
            case Request.FTRUNCATE -> sqe.ftruncate(r.fd, r.offset);
            case Request.FSYNC -> sqe.fsync(r.fd, r.arg, 0L, 0);
            case Request.OPENAT -> sqe.openat(AtFlags.FDCWD, r.memory, r.arg, (int) r.offset);
            case Request.CLOSE -> sqe.close(r.fd);
            case Request.CANCEL_FD -> sqe.asyncCancelFdAll(r.fd);
            case Request.CANCEL -> sqe.asyncCancel(r.offset);
            default -> throw new IllegalArgumentException("unknown request op " + r.op);
        }
    }

    private void armDoorbell(Ring ring) {
        Sqe sqe = ring.nextSqe();
        // The counter is global memory: nothing to track.
        sqe.read(doorbell.fd(), doorbell.counter(), -1L, 0, 0).userData(DOORBELL).untrackedUnchecked();
        armPending = true;
    }

    private void dispatch(Cqe cqe) {
        long userData = cqe.userData();
        int res = cqe.res();
        if (userData == DOORBELL) {
            armDoorbell(ring);
            return;
        }
        Request r = table.get((int) userData);
        if (r == null || r.generation != (int) (userData >>> 32) || r.done) {
            return; // stale: cannot happen with one completion per request, checked all the same
        }
        inKernel--;
        complete(r, res);
    }

    private void complete(Request r, int res) {
        r.result = res;
        AsyncOp op = r.async;
        if (op != null) {
            checkMemoryAlive(r, res);
            r.done = true;
            op.complete(r, res);
        } else {
            Thread waiter = r.waiter;
            r.done = true;
            LockSupport.unpark(waiter);
        }
    }

    /**
     * A request's memory was closed before its completion: the buffer was a view of an arena's
     * segment, closed while the kernel could still write it. The runtime would have reported it
     * had this layer let it track the request; say it here instead.
     */
    private static void checkMemoryAlive(Request r, int res) {
        MemorySegment memory = r.memory;
        if (memory != null && !memory.scope().isAlive()) {
            reportClosedMemory(res);
        }
    }

    private static void reportClosedMemory(int res) {
        System.getLogger(ChannelRing.class.getName()).log(System.Logger.Level.WARNING, "a channel request completed (res "
                + res + ") after the arena of its buffer was closed: the kernel may have written freed memory;"
                + " keep a buffer's arena open until the channel call returns");
    }

    /** Completions still to come on this ring, as of the ring thread's last pass (tests). */
    int inFlight() {
        return inFlightSeen;
    }
}
