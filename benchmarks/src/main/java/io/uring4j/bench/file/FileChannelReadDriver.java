package io.uring4j.bench.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The plain-Java reference: random positional reads ({@link FileChannel#read(ByteBuffer, long)},
 * a {@code pread} per call) of one file for a fixed time, on {@code --threads} platform threads
 * sharing one channel, each with its own direct buffer; prints the total IOPS.
 *
 * <p>Usage: {@code FileChannelReadDriver --file PATH [--bs 4096] [--threads 1] [--warmup 2] [--seconds 5]}.
 */
public final class FileChannelReadDriver {
    /** Counters are this many longs apart so that threads do not share a cache line. */
    private static final int STRIDE = 16;

    private static volatile boolean stop;
    private static volatile Throwable failure;

    private FileChannelReadDriver() {}

    public static void main(String[] args) throws Exception {
        DriverArgs a = DriverArgs.parse(args);
        if (a.direct()) {
            throw new IllegalArgumentException("--direct is not supported by FileChannelReadDriver");
        }
        int n = a.threads();
        AtomicLongArray counts = new AtomicLongArray(n * STRIDE);
        Thread[] workers = new Thread[n];
        try (FileChannel channel = FileChannel.open(a.file(), StandardOpenOption.READ)) {
            for (int t = 0; t < n; t++) {
                int index = t * STRIDE;
                RandomBlocks random = new RandomBlocks(a.blocks(), a.blockSize(), 42 + t);
                workers[t] = Thread.ofPlatform().name("reader-" + t)
                        .start(() -> readLoop(channel, a.blockSize(), random, counts, index));
            }
            Thread.sleep((long) (a.warmupSeconds() * 1000));
            long before = sum(counts, n);
            long start = System.nanoTime();
            Thread.sleep((long) (a.seconds() * 1000));
            long end = System.nanoTime();
            long ops = sum(counts, n) - before;
            stop = true;
            for (Thread w : workers) {
                w.join();
            }
            if (failure != null) {
                throw new IllegalStateException("a reader failed", failure);
            }
            DriverResult.print(n == 1 ? "filechannel" : "filechannel-mt-" + n, ops, end - start, Double.NaN);
        }
    }

    private static void readLoop(FileChannel channel, int blockSize, RandomBlocks random, AtomicLongArray counts,
            int index) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(blockSize);
        long done = 0;
        try {
            while (!stop) {
                buffer.clear();
                int n = channel.read(buffer, random.nextOffset());
                if (n != blockSize) {
                    throw new IllegalStateException("short read: " + n + " of " + blockSize + " bytes");
                }
                counts.setOpaque(index, ++done);
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
    }

    private static long sum(AtomicLongArray counts, int n) {
        long total = 0;
        for (int t = 0; t < n; t++) {
            total += counts.getOpaque(t * STRIDE);
        }
        return total;
    }
}
