package io.uring4j.bench.channels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Process CPU time from {@code /proc/self/stat} (utime + stime of every thread of the process,
 * io_uring's io-wq workers included), and thread counts from {@code /proc/self/status}.
 */
final class ProcessCpu {
    private static final Path STAT = Path.of("/proc/self/stat");
    private static final Path STATUS = Path.of("/proc/self/status");
    /** USER_HZ: clock ticks per second of /proc times (sysconf(_SC_CLK_TCK) is 100 on Linux x86-64). */
    private static final long TICKS_PER_SECOND = Long.getLong("clk.tck", 100);
    /** utime and stime: fields 14 and 15 of /proc/PID/stat, i.e. 12 and 13 after the ")" that ends the name. */
    private static final int UTIME_AFTER_NAME = 11;

    private ProcessCpu() {}

    /** CPU nanoseconds used by the process so far (tick resolution). */
    static long nanos() {
        try {
            String s = Files.readString(STAT);
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[UTIME_AFTER_NAME]) + Long.parseLong(f[UTIME_AFTER_NAME + 1]);
            return ticks * (TimeUnit.SECONDS.toNanos(1) / TICKS_PER_SECOND);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + STAT, e);
        }
    }

    /** OS threads of the process now (JVM threads, GC and JIT threads, io_uring workers). */
    static int osThreads() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("Threads:")) {
                    return Integer.parseInt(line.substring("Threads:".length()).trim());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + STATUS, e);
        }
        throw new IllegalStateException("no Threads: line in " + STATUS);
    }
}
