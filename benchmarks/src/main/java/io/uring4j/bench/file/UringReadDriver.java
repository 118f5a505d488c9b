package io.uring4j.bench.file;

import io.uring4j.CompletionHandler;
import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.RingOptions;
import io.uring4j.Sqe;
import io.uring4j.UringException;
import io.uring4j.register.BufferTable;
import io.uring4j.register.FileTable;
import io.uring4j.kernel.flags.AtFlags;
import io.uring4j.kernel.flags.FadviseAdvice;
import io.uring4j.kernel.flags.OpenFlags;
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
    private boolean refill = true;
    private int inFlight;
    private long completed;

    private UringReadDriver(Ring ring, int fd, boolean fixedFile, MemorySegment[] slots, boolean fixedBuffers,
            RandomBlocks random, int blockSize) {
        this.ring = ring;
        this.fd = fd;
        this.fixedFile = fixedFile;
        this.slots = slots;
        this.fixedBuffers = fixedBuffers;
        this.random = random;
        this.blockSize = blockSize;
    }

    public static void main(String[] args) throws Exception {
        DriverArgs a = DriverArgs.parse(args);
        int entries = Integer.highestOneBit(Math.max(a.queueDepth() * 2 - 1, 1));
        RingOptions options = RingOptions.builder().entries(entries).registerRingFd().build();
        try (Arena arena = Arena.ofConfined(); Ring ring = Ring.open(options)) {
            int fd = open(ring, arena, a);
            if (a.randomHint()) {
                ring.submitAndCheck(ring.nextSqe().fadvise(fd, 0, 0, FadviseAdvice.RANDOM), "fadvise RANDOM");
            }
            FileTable files = a.fixedFiles() ? FileTable.register(ring, fd) : null;
            BufferTable table = a.fixedBuffers() ? BufferTable.register(ring, a.queueDepth(), a.blockSize()) : null;
            MemorySegment[] slots = new MemorySegment[a.queueDepth()];
            if (table == null) {
                MemorySegment buffers = arena.allocate((long) a.blockSize() * a.queueDepth(), PAGE);
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
                    table != null, new RandomBlocks(a.blocks(), a.blockSize(), 42), a.blockSize());
            try {
                driver.run(a);
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

    private void run(DriverArgs a) {
        for (int slot = 0; slot < slots.length; slot++) {
            queue(slot);
        }
        pump(System.nanoTime() + (long) (a.warmupSeconds() * 1e9));
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocBefore = threads.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        long before = completed;
        long end = pump(start + (long) (a.seconds() * 1e9));
        long ops = completed - before;
        long alloc = threads.getCurrentThreadAllocatedBytes() - allocBefore;
        DriverResult.print((a.direct() ? "uring4j-direct" : "uring4j") + (fixedFile ? "-fixedfiles" : "")
                + (fixedBuffers ? "-fixedbufs" : ""), ops, end - start, (double) alloc / ops);
    }

    /** Submits and reaps until {@code deadline}; returns the time it stopped. */
    private long pump(long deadline) {
        for (;;) {
            ring.submitAndWait(1);
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
        sqe.userData(slot);
        inFlight++;
    }
}
