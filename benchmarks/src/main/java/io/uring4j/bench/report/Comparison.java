package io.uring4j.bench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The results grouped for comparison: per (workload, metric), the uring4j value and every
 * reference implementation's value, in the order they first appear in the CSV. When an
 * implementation has several rows for one (workload, metric), the last one counts.
 */
final class Comparison {
    static final String SUBJECT = "uring4j";
    /** The metric of bytes allocated per operation, only tabulated, never charted. */
    static final String ALLOC = "alloc";

    /** One (workload, metric) with its values by implementation. */
    record Entry(String workload, String metric, String unit, Map<String, Double> values) {
        Double subject() {
            return values.get(SUBJECT);
        }

        /** uring4j / {@code reference}, or NaN when either is missing or the reference is 0. */
        double ratio(String reference) {
            Double s = values.get(SUBJECT);
            Double r = values.get(reference);
            return s == null || r == null || r == 0 ? Double.NaN : s / r;
        }

        List<String> references() {
            List<String> refs = new ArrayList<>();
            for (String impl : values.keySet()) {
                if (!impl.equals(SUBJECT)) {
                    refs.add(impl);
                }
            }
            return refs;
        }
    }

    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    Comparison(List<Row> rows) {
        for (Row r : rows) {
            String key = r.workload() + "\u0000" + r.metric();
            Entry e = entries.computeIfAbsent(key, k -> new Entry(r.workload(), r.metric(), r.unit(), new LinkedHashMap<>()));
            if (!e.unit().equals(r.unit())) {
                throw new IllegalArgumentException("workload " + r.workload() + ", metric " + r.metric() + ": unit "
                        + r.unit() + " differs from " + e.unit() + " in an earlier row");
            }
            e.values().put(r.implementation(), r.value()); // a repeated implementation keeps its place, the last value wins
        }
    }

    /**
     * The entries, families in the order they first appear; within a family, workloads by the
     * number in their variant ({@code batch1} before {@code batch32}), metrics in first-appearance
     * order except {@code alloc}, which comes last.
     */
    List<Entry> entries() {
        List<String> families = new ArrayList<>();
        List<String> metrics = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (!families.contains(family(e.workload()))) {
                families.add(family(e.workload()));
            }
            if (!metrics.contains(e.metric())) {
                metrics.add(e.metric());
            }
        }
        List<Entry> sorted = new ArrayList<>(entries.values());
        sorted.sort(Comparator.<Entry>comparingInt(e -> families.indexOf(family(e.workload())))
                .thenComparingLong(e -> number(variant(e.workload())))
                .thenComparing(e -> variant(e.workload()))
                .thenComparing(e -> e.metric().equals(ALLOC))
                .thenComparingInt(e -> metrics.indexOf(e.metric())));
        return sorted;
    }

    /**
     * The family of a workload: its name without the last dash-separated part when that part
     * holds a digit ({@code nop-batch32} is in family {@code nop}; {@code read-tmpfs-qd64} in
     * {@code read-tmpfs}); otherwise the whole name.
     */
    static String family(String workload) {
        int dash = workload.lastIndexOf('-');
        if (dash > 0 && workload.substring(dash + 1).chars().anyMatch(Character::isDigit)) {
            return workload.substring(0, dash);
        }
        return workload;
    }

    /** The part of the workload name that {@link #family} strips, or the whole name. */
    static String variant(String workload) {
        String f = family(workload);
        return f.length() == workload.length() ? workload : workload.substring(f.length() + 1);
    }

    /** The first run of digits in {@code s} as a number, or 0. */
    private static long number(String s) {
        Matcher m = DIGITS.matcher(s);
        return m.find() && m.group().length() < 18 ? Long.parseLong(m.group()) : 0;
    }

    Entry find(String workload, String metric) {
        return entries.get(workload + "\u0000" + metric);
    }
}
