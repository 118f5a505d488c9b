package io.uring4j.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The project's performance targets, checked against a comparison: each is met, missed (by how
 * much), or not measured in this run.
 */
final class Targets {
    /** uring4j / reference on (workload, metric) must be at most {@code max} or at least {@code min}. */
    private record Ratio(String workload, String metric, String reference, double bound, boolean atMost) {}

    private static final List<Ratio> RATIOS = List.of(
            new Ratio("nop-batch1", "time", "liburing-c", 1.05, true),
            new Ratio("nop-batch32", "time", "liburing-c", 1.10, true),
            new Ratio("nop-batch128", "time", "liburing-c", 1.10, true),
            // Issue 12: warm page cache (reads complete inline) and cold cache against what users would pick.
            new Ratio("read-qd64", "iops", "filechannel", 1.15, false),
            new Ratio("read-qd64", "iops", "fio", 1.0, false),
            new Ratio("read-cold-qd64", "iops", "fio", 1.0, false),
            new Ratio("read-cold-qd64", "iops", "filechannel-64t", 1.0, false),
            new Ratio("read-tmpfs-qd64", "iops", "fio", 1.0, false),
            new Ratio("read-direct-qd64", "iops", "fio", 0.97, false),
            new Ratio("http-plaintext", "requests_per_sec", "netty-io_uring", 1.2, false),
            new Ratio("http-plaintext", "server_cpu", "netty-io_uring", 0.75, true),
            // Issue 12: the server CPU target holds at every connection count of the family.
            new Ratio("http-c256", "server_cpu", "netty-io_uring", 0.75, true),
            new Ratio("http-c1024", "server_cpu", "netty-io_uring", 0.75, true),
            new Ratio("http-c4096", "server_cpu", "netty-io_uring", 0.75, true),
            // Issue 13: the channels layer on virtual threads (platform threads <= cores + 2 is absolute: see its rows).
            new Ratio("channels-direct-1000vt", "iops", "filechannel", 1.0, false),
            new Ratio("channels-direct-1000vt", "cpu_us", "filechannel", 0.6, true),
            new Ratio("channels-cached-1vt", "iops", "filechannel", 1.0, false),
            new Ratio("channels-cached-1000vt", "iops", "filechannel", 1.0, false));

    /** Bytes allocated per operation by uring4j must stay below this on every alloc row. */
    private static final double ALLOC_LIMIT = 1.0;

    private Targets() {}

    static List<String> check(Comparison comparison) {
        List<String> out = new ArrayList<>();
        for (Ratio t : RATIOS) {
            String name = String.format(Locale.ROOT, "%s %s: uring4j / %s %s %.2f", t.workload(), t.metric(),
                    t.reference(), t.atMost() ? "<=" : ">=", t.bound());
            Comparison.Entry e = comparison.find(t.workload(), t.metric());
            double ratio = e == null ? Double.NaN : e.ratio(t.reference());
            if (Double.isNaN(ratio)) {
                out.add(name + ": not measured");
                continue;
            }
            boolean met = t.atMost() ? ratio <= t.bound() : ratio >= t.bound();
            double off = t.atMost() ? ratio / t.bound() - 1 : 1 - ratio / t.bound();
            out.add(String.format(Locale.ROOT, "%s: %s (ratio %.2f%s)", name, met ? "met" : "MISSED",
                    ratio, met ? "" : String.format(Locale.ROOT, ", missed by %.0f%%", off * 100)));
        }
        boolean anyAlloc = false;
        for (Comparison.Entry e : comparison.entries()) {
            Double v = e.subject();
            if (e.metric().equals(Comparison.ALLOC) && v != null) {
                anyAlloc = true;
                out.add(String.format(Locale.ROOT, "%s alloc: uring4j < %.0f B/op: %s (%s B/op)", e.workload(),
                        ALLOC_LIMIT, v < ALLOC_LIMIT ? "met" : "MISSED", Row.format(v)));
            }
        }
        if (!anyAlloc) {
            out.add("alloc: uring4j < " + ALLOC_LIMIT + " B/op: not measured");
        }
        return out;
    }
}
