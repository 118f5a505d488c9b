package io.uring4j.bench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The results grouped for comparison: per (workload, metric), the uring4j figure and every
 * reference implementation's figure, in the order they first appear in the CSV. An
 * implementation's rows for one (workload, metric) are its runs: the figure is their median,
 * with the smallest and largest ({@link Stats}); ratios are of medians.
 */
final class Comparison {
    static final String SUBJECT = "uring4j";
    /** The metric of bytes allocated per operation, only tabulated, never charted. */
    static final String ALLOC = "alloc";

    /** One (workload, metric) with its figures by implementation. */
    record Entry(String workload, String metric, String unit, Map<String, Stats> stats) {
        /** The medians by implementation. */
        Map<String, Double> values() {
            Map<String, Double> medians = new LinkedHashMap<>();
            stats.forEach((impl, st) -> medians.put(impl, st.median()));
            return medians;
        }

        Double subject() {
            Stats st = stats.get(SUBJECT);
            return st == null ? null : st.median();
        }

        /** uring4j / {@code reference}, or NaN when either is missing or the reference is 0. */
        double ratio(String reference) {
            Stats s = stats.get(SUBJECT);
            Stats r = stats.get(reference);
            return s == null || r == null || r.median() == 0 ? Double.NaN : s.median() / r.median();
        }

        List<String> references() {
            List<String> refs = new ArrayList<>();
            for (String impl : stats.keySet()) {
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
        Map<String, String> units = new LinkedHashMap<>();
        Map<String, Map<String, List<Double>>> runs = new LinkedHashMap<>();
        for (Row r : rows) {
            String key = r.workload() + "\u0000" + r.metric();
            String unit = units.putIfAbsent(key, r.unit());
            if (unit != null && !unit.equals(r.unit())) {
                throw new IllegalArgumentException("workload " + r.workload() + ", metric " + r.metric() + ": unit "
                        + r.unit() + " differs from " + unit + " in an earlier row");
            }
            runs.computeIfAbsent(key, k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.implementation(), k -> new ArrayList<>()).add(r.value());
        }
        for (var e : runs.entrySet()) {
            String[] wm = e.getKey().split("\u0000", 2);
            Map<String, Stats> stats = new LinkedHashMap<>();
            e.getValue().forEach((impl, values) -> stats.put(impl, Stats.of(values)));
            entries.put(e.getKey(), new Entry(wm[0], wm[1], units.get(e.getKey()), stats));
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
