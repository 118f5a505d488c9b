package io.uring4j.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A count of the requests in flight that may make the kernel touch a resource (a buffer group's
 * memory), and the frees that wait for it to reach zero. Requests take a lease when they are
 * published and drop it at their final completion (the ring's in-flight table does both); an
 * owner closing the resource meanwhile hands its free to {@link #freeWhenIdle}, which runs it at
 * once when nothing holds the resource, else when the last lease goes.
 */
public abstract class InFlightLease {
    private static final System.Logger LOG = System.getLogger("io.uring4j.lifetime");
    private int leases;
    private final List<Runnable> pending = new ArrayList<>(1);

    /** One more request (or the kernel's own hold, see subclasses) uses the resource. */
    public final synchronized void lease() {
        leases++;
    }

    /** Drops a lease; the last one runs the frees that waited for it. */
    public final void unlease() {
        List<Runnable> run;
        synchronized (this) {
            if (--leases != 0 || pending.isEmpty()) {
                return;
            }
            run = List.copyOf(pending);
            pending.clear();
        }
        runAll(run, false);
    }

    /**
     * Runs {@code free} now when nothing holds the resource (its exception propagates), else
     * when the last lease is dropped (an exception is then logged, and the memory stays).
     */
    public final void freeWhenIdle(Runnable free) {
        synchronized (this) {
            if (leases != 0) {
                pending.add(free);
                return;
            }
        }
        free.run();
    }

    /** {@return requests (and holds) using the resource now} */
    public final synchronized int leases() {
        return leases;
    }

    /** {@return frees waiting for the leases to go} */
    public final synchronized int pendingFrees() {
        return pending.size();
    }

    /**
     * Runs every waiting free whatever the count: the ring is closed and the kernel has finished
     * with every request (or the ring's close decided it may no longer wait).
     */
    protected final void runPendingNow() {
        List<Runnable> run;
        synchronized (this) {
            run = List.copyOf(pending);
            pending.clear();
            leases = 0;
        }
        runAll(run, true);
    }

    private static void runAll(List<Runnable> run, boolean closing) {
        for (Runnable r : run) {
            try {
                r.run();
            } catch (RuntimeException e) {
                // Not freeing is the safe failure: the memory stays allocated.
                LOG.log(System.Logger.Level.WARNING, "deferred release failed" + (closing ? " at ring close" : "")
                        + "; the memory stays allocated", e);
            }
        }
    }
}
