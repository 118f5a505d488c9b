package io.uring4j.bench.file;

import java.util.Locale;

/** The line a driver prints last, which the harness scripts parse: {@code RESULT iops=... ops=... seconds=...}. */
final class DriverResult {
    private DriverResult() {}

    static void print(String name, long ops, long nanos, double allocBytesPerOp) {
        double seconds = nanos / 1e9;
        System.out.printf(Locale.ROOT, "RESULT driver=%s iops=%.0f ops=%d seconds=%.3f alloc_bytes_per_op=%.4f%n",
                name, ops / seconds, ops, seconds, allocBytesPerOp);
    }
}
