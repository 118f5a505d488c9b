package io.uring4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Held memory of rings closed while requests holding it were still in flight, kept until the
 * kernel has certainly finished them.
 *
 * <p>Why the memory cannot go when close returns: closing the ring fd (and unmapping its
 * regions, which also hold the file) makes the kernel cancel the requests, but asynchronously:
 * io_uring's release only queues its exit work, which cancels, waits for the requests and frees
 * the ring after close(2) has returned, and a request already executing (an io-wq worker in the
 * middle of a read, a retry in the owner's task work) may still write its buffer until then.
 * Nothing in user space tells when that exit work has finished: the CQ it posts to is unmapped,
 * and a bounded wait would only be a guess. What is certain is a thread's exit: the kernel
 * cancels every request a thread submitted and waits for them, in the exiting thread, before the
 * thread is gone from {@code /proc/self/task}.
 *
 * <p>So the memory of a single-issuer ring (whose requests are all its owner's) is released when
 * its owner thread has ended and left {@code /proc/self/task}; a daemon thread checks every
 * {@value #CHECK_MILLIS} ms. A multi-issuer ring, whose requests may come from any thread, keeps
 * the memory for the life of the process. Leaking is the only choice that cannot let the kernel
 * write freed memory; it happens only when the close could not cancel and reap (a single-issuer
 * ring closed from another thread while its owner stayed away from the ring, see
 * {@link Ring#close()}, or requests that outlived the bounded drain).
 */
final class CloseQuarantine {
    static final int CHECK_MILLIS = 20;
    private static final List<Entry> ENTRIES = new ArrayList<>();
    private static Thread watcher;

    /** Memory kept for a ring: released by {@code release} once {@code owner} (thread id {@code tid}) is gone. */
    private record Entry(Thread owner, int tid, Runnable release) {}

    private CloseQuarantine() {}

    /**
     * Keeps what {@code release} releases until {@code owner} (kernel thread id {@code tid}) has
     * exited; with a null owner, for the life of the process.
     */
    static void keep(Thread owner, int tid, Runnable release) {
        synchronized (ENTRIES) {
            ENTRIES.add(new Entry(owner, tid, release));
            if (owner != null && watcher == null) {
                watcher = Thread.ofPlatform().daemon().name("uring4j-close-quarantine").start(CloseQuarantine::run);
            }
        }
    }

    /** {@return rings whose held memory is kept: closed while requests holding it were in flight} */
    static int size() {
        synchronized (ENTRIES) {
            return ENTRIES.size();
        }
    }

    private static void run() {
        for (;;) {
            List<Entry> gone = new ArrayList<>();
            synchronized (ENTRIES) {
                if (ENTRIES.stream().noneMatch(e -> e.owner() != null)) {
                    watcher = null;
                    return;
                }
                for (Entry e : ENTRIES) {
                    if (e.owner() != null && !e.owner().isAlive() && !Files.exists(Path.of("/proc/self/task/" + e.tid()))) {
                        gone.add(e);
                    }
                }
                ENTRIES.removeAll(gone);
            }
            for (Entry e : gone) {
                try {
                    e.release().run();
                } catch (RuntimeException ex) {
                    // Releasing less is the safe failure.
                }
            }
            LockSupport.parkNanos(CHECK_MILLIS * 1_000_000L);
        }
    }
}
