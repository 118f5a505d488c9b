package io.uring4j.bench.file;

import io.uring4j.CompletionHandler;
import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.RingOptions;
import io.uring4j.Sqe;
import io.uring4j.UringException;
import io.uring4j.kernel.flags.AtFlags;
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
 * <p>Usage: {@code UringReadDriver --file PATH [--bs 4096] [--qd 64] [--warmup 2] [--seconds 5] [--direct]}.
 * With {@code --direct} the file is opened {@code O_DIRECT} and the buffers are page-aligned.
 * The default ring is used (SINGLE_ISSUER | DEFER_TASKRUN, no registered files or buffers).
 */
public final class UringReadDriver implements CompletionHandler {
    private static final int PAGE = 4096;

    private final Ring ring;
    private final int fd;
    private final MemorySegment[] slots;
    private final RandomBlocks random;
    private final int blockSize;
    private boolean refill = true;
    private int inFlight;
    private long completed;

    private UringReadDriver(Ring ring, int fd, MemorySegment[] slots, RandomBlocks random, int blockSize) {
        this.ring = ring;
        this.fd = fd;
        this.slots = slots;
        this.random = random;
        this.blockSize = blockSize;
    }

    public static void main(String[] args) throws Exception {
        DriverArgs a = DriverArgs.parse(args);
        int entries = Integer.highestOneBit(Math.max(a.queueDepth() * 2 - 1, 1));
        try (Arena arena = Arena.ofConfined(); Ring ring = Ring.open(RingOptions.ofEntries(entries))) {
            int fd = open(ring, arena, a);
            MemorySegment buffers = arena.allocate((long) a.blockSize() * a.queueDepth(), PAGE);
            MemorySegment[] slots = new MemorySegment[a.queueDepth()];
            for (int i = 0; i < slots.length; i++) {
                // Slices are made once: slicing per read would allocate on the hot path.
                slots[i] = buffers.asSlice((long) i * a.blockSize(), a.blockSize());
            }
            UringReadDriver driver = new UringReadDriver(ring, fd, slots, new RandomBlocks(a.blocks(), a.blockSize(), 42),
                    a.blockSize());
            try {
                driver.run(a);
            } finally {
                driver.finish();
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
        DriverResult.print(a.direct() ? "uring4j-direct" : "uring4j", ops, end - start, (double) alloc / ops);
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
        sqe.read(fd, slots[slot], random.nextOffset(), 0, 0).userData(slot);
        inFlight++;
    }
}
