package io.uring4j.bench.file;

import io.uring4j.CompletionHandler;
import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.RingOptions;
import io.uring4j.Sqe;
import io.uring4j.UringException;
import io.uring4j.register.BufferTable;
import io.uring4j.register.FileTable;
import io.uring4j.register.IoWorkers;
import io.uring4j.kernel.flags.AtFlags;
import io.uring4j.kernel.flags.FadviseAdvice;
import io.uring4j.kernel.flags.OpenFlags;
import io.uring4j.kernel.flags.SetupFlags;
import io.uring4j.kernel.flags.SqeFlags;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;

/**
 * Random reads of one file through a uring4j ring on one thread, for a fixed time, with a
 * constant number of reads in flight; prints IOPS. Every completion is replaced at once by a
 * read at a new random offset, and all replacements of one reaping pass go to the kernel in the
 * next {@code io_uring_enter}, which also waits for the next completion.
 *
 * <p>Usage: {@code UringReadDriver --file PATH [--bs 4096] [--qd 64] [--warmup 2] [--seconds 5] [--direct]
 * [--fixed-files] [--fixed-buffers] [--random-hint]}. The buffers are page-aligned. With
 * {@code --direct} the file is opened {@code O_DIRECT}. The ring has the default flags and a
 * registered ring fd; {@code --fixed-files} registers the file ({@code FileTable}, reads with
 * {@code fixedFile()}), {@code --fixed-buffers} registers the buffers ({@code BufferTable},
 * {@code readFixed}), {@code --random-hint} tells the kernel the access is random
 * ({@code IORING_OP_FADVISE} {@code POSIX_FADV_RANDOM}, no read-ahead: what fio does by default
 * for random workloads, {@code fadvise_hint=1}).
 *
 * <p>Levers for reads that miss the page cache: {@code --wait N} waits for N completions per
 * {@code io_uring_enter} (default 1), {@code --async} sets {@code IOSQE_ASYNC} on every read (straight
 * to an io-wq worker, no non-blocking attempt first), {@code --iowq-workers N} caps the bounded io-wq
 * workers ({@code IORING_REGISTER_IOWQ_MAX_WORKERS}; 0 leaves the kernel's limit), {@code --taskrun coop}
 * uses {@code COOP_TASKRUN} instead of the default {@code DEFER_TASKRUN}, and {@code --rings N} splits
 * the queue depth over N rings on N threads (one ring per core, as a server would have them), each
 * with its own descriptor of the file; {@code --size BYTES} reads only the file's first BYTES.
 * Besides the {@code RESULT} line it prints how busy the rings' threads were ({@code THREAD}).
 */
public final class UringReadDriver implements CompletionHandler {
    private static final int PAGE = 4096;

    private final Ring ring;
    /** The file: its descriptor, or with fixed files its index (0) in the ring's file table. */
    private final int fd;
    private final boolean fixedFile;
    /** The buffer of each slot; with fixed buffers, registered buffer {@code slot}. */
    private final MemorySegment[] slots;
    private final boolean fixedBuffers;
    private final RandomBlocks random;
    private final int blockSize;
    /** Extra IOSQE_* flags of every read ({@code ASYNC} with {@code --async}). */
    private final int sqeFlags;
    private final int waitBatch;
    /** With {@code --submit-every N}: submit after every N replacements, not only at the next wait. */
    private final int submitEvery;
    private int unsubmitted;
    private boolean refill = true;
    private int inFlight;
    private long completed;

    private UringReadDriver(Ring ring, int fd, boolean fixedFile, MemorySegment[] slots, boolean fixedBuffers,
            RandomBlocks random, int blockSize, int sqeFlags, int waitBatch, int submitEvery) {
        this.ring = ring;
        this.fd = fd;
        this.fixedFile = fixedFile;
        this.slots = slots;
        this.fixedBuffers = fixedBuffers;
        this.random = random;
        this.blockSize = blockSize;
        this.sqeFlags = sqeFlags;
        this.waitBatch = waitBatch;
        this.submitEvery = submitEvery;
    }

    /** What one ring measured over the timed window. */
    private record Window(long ops, long nanos, long allocBytes, long cpuNanos) {}

    public static void main(String[] args) throws Exception {
        DriverArgs a = DriverArgs.parse(args);
        int rings = a.rings();
        Window[] windows = new Window[rings];
        if (rings == 1) {
            windows[0] = runRing(a, a.queueDepth(), 42);
        } else {
            // One ring per thread, the queue depth split between them; all start together.
            Thread[] threads = new Thread[rings];
            Throwable[] failures = new Throwable[rings];
            for (int r = 0; r < rings; r++) {
                int index = r;
                int qd = a.queueDepth() / rings + (r < a.queueDepth() % rings ? 1 : 0);
                threads[r] = Thread.ofPlatform().name("ring-" + r).start(() -> {
                    try {
                        windows[index] = runRing(a, qd, 42 + index);
                    } catch (Throwable t) {
                        failures[index] = t;
                    }
                });
            }
            for (int r = 0; r < rings; r++) {
                threads[r].join();
                if (failures[r] != null) {
                    throw new IllegalStateException("ring " + r + " failed", failures[r]);
                }
            }
        }
        long ops = 0;
        long alloc = 0;
        long cpu = 0;
        double iops = 0;
        long nanos = 0;
        for (Window w : windows) {
            ops += w.ops();
            alloc += w.allocBytes();
            cpu += w.cpuNanos();
            iops += w.ops() * 1e9 / w.nanos();
            nanos = Math.max(nanos, w.nanos());
        }
        // How busy the rings' threads were: near 1.0 each means the threads, not the device, are the limit.
        System.out.printf(java.util.Locale.ROOT, "THREAD cpu_busy=%.2f cpu_us_per_read=%.2f%n",
                cpu / (double) nanos / rings, cpu / 1e3 / ops);
        DriverResult.print((a.direct() ? "uring4j-direct" : "uring4j") + (a.fixedFiles() ? "-fixedfiles" : "")
                + (a.fixedBuffers() ? "-fixedbufs" : "") + (a.async() ? "-async" : "")
                + (a.waitBatch() > 1 ? "-wait" + a.waitBatch() : "") + (a.coopTaskrun() ? "-coop" : "")
                + (rings > 1 ? "-rings" + rings : "") + (a.submitEvery() > 0 ? "-submit" + a.submitEvery() : "") + (a.sqPoll() ? "-sqpoll" : ""), Math.round(iops * nanos / 1e9), nanos, (double) alloc / ops);
    }

    /** Opens a ring and the file, reads at depth {@code qd} for the warm-up and the timed window. */
    private static Window runRing(DriverArgs a, int qd, long seed) {
        // With SQPOLL the kernel thread takes entries from the SQ when it gets to them: room for 4x.
        int entries = Integer.highestOneBit(Math.max(qd * (a.sqPoll() ? 4 : 2) - 1, 1));
        RingOptions.Builder builder = RingOptions.builder().entries(entries).registerRingFd();
        if (a.coopTaskrun()) {
            builder.removeFlags(SetupFlags.DEFER_TASKRUN).addFlags(SetupFlags.COOP_TASKRUN);
        }
        if (a.sqPoll()) {
            builder.sqPoll(1000);
        }
        try (Arena arena = Arena.ofConfined(); Ring ring = Ring.open(builder.build())) {
            int fd = open(ring, arena, a);
            if (a.ioWorkers() > 0) {
                IoWorkers.maxWorkers(ring, a.ioWorkers(), 0);
            }
            if (a.randomHint()) {
                ring.submitAndCheck(ring.nextSqe().fadvise(fd, 0, 0, FadviseAdvice.RANDOM), "fadvise RANDOM");
            }
            FileTable files = a.fixedFiles() ? FileTable.register(ring, fd) : null;
            BufferTable table = a.fixedBuffers() ? BufferTable.register(ring, qd, a.blockSize()) : null;
            MemorySegment[] slots = new MemorySegment[qd];
            if (table == null) {
                MemorySegment buffers = arena.allocate((long) a.blockSize() * qd, PAGE);
                for (int i = 0; i < slots.length; i++) {
                    // Slices are made once: slicing per read would allocate on the hot path.
                    slots[i] = buffers.asSlice((long) i * a.blockSize(), a.blockSize());
                }
            } else {
                for (int i = 0; i < slots.length; i++) {
                    slots[i] = table.buffer(i);
                }
            }
            UringReadDriver driver = new UringReadDriver(ring, files != null ? 0 : fd, files != null, slots,
                    table != null, new RandomBlocks(a.blocks(), a.blockSize(), seed), a.blockSize(),
                    a.async() ? SqeFlags.ASYNC : 0, a.waitBatch(), a.submitEvery());
            try {
                return driver.run(a);
            } finally {
                driver.finish();
                if (table != null) {
                    table.close();
                }
                if (files != null) {
                    files.close();
                }
                ring.nextSqe().close(fd).userData(-1);
                ring.submitAndWait(1);
                ring.drain(cqe -> { });
            }
        }
    }

    private static int open(Ring ring, Arena arena, DriverArgs a) {
        int flags = OpenFlags.RDONLY | (a.direct() ? OpenFlags.DIRECT : 0);
        ring.nextSqe().openat(AtFlags.FDCWD, arena.allocateFrom(a.file().toString()), flags, 0).userData(0);
        ring.submitAndWait(1);
        Cqe cqe = ring.peek();
        int fd = UringException.check(cqe, "openat " + a.file());
        ring.seen();
        return fd;
    }

    private Window run(DriverArgs a) {
        for (int slot = 0; slot < slots.length; slot++) {
            queue(slot);
        }
        pump(System.nanoTime() + (long) (a.warmupSeconds() * 1e9));
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocBefore = threads.getCurrentThreadAllocatedBytes();
        long cpuBefore = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long before = completed;
        long end = pump(start + (long) (a.seconds() * 1e9));
        return new Window(completed - before, end - start, threads.getCurrentThreadAllocatedBytes() - allocBefore,
                threads.getCurrentThreadCpuTime() - cpuBefore);
    }

    /** Submits and reaps until {@code deadline}; returns the time it stopped. */
    private long pump(long deadline) {
        for (;;) {
            unsubmitted = 0;
            ring.submitAndWait(waitBatch);
            ring.drain(this);
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                return now;
            }
        }
    }

    /** Stops refilling and reaps every read still in flight, so no read outlives its buffer. */
    private void finish() {
        refill = false;
        while (inFlight > 0) {
            ring.submitAndWait(1);
            ring.drain(this);
        }
    }

    @Override
    public void onCompletion(Cqe cqe) {
        inFlight--;
        if (!refill) {
            return; // finishing: only waiting for the buffers to be free
        }
        int res = cqe.res();
        if (res != blockSize) {
            UringException.check(res, "read");
            throw new IllegalStateException("short read: " + res + " of " + blockSize + " bytes");
        }
        completed++;
        queue((int) cqe.userData());
        if (submitEvery > 0 && ++unsubmitted >= submitEvery) {
            ring.submit();
            unsubmitted = 0;
        }
    }

    private void queue(int slot) {
        Sqe sqe = ring.tryNextSqe();
        if (sqe == null) {
            throw new IllegalStateException("SQ full with " + inFlight + " reads in flight");
        }
        if (fixedBuffers) {
            sqe.readFixed(fd, slots[slot], slot, random.nextOffset(), 0, 0);
        } else {
            sqe.read(fd, slots[slot], random.nextOffset(), 0, 0);
        }
        if (fixedFile) {
            sqe.fixedFile();
        }
        if (sqeFlags != 0) {
            sqe.flags(sqeFlags);
        }
        sqe.userData(slot);
        inFlight++;
    }
}
