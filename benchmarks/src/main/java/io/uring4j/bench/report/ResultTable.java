package io.uring4j.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The comparison as a table, one line per (workload, metric, reference implementation): the
 * median of uring4j's runs with their range (min–max), the same for the reference, the ratio of
 * the medians uring4j / reference, and the number of runs behind each median; as aligned text
 * for the terminal or as a Markdown table.
 */
final class ResultTable {
    private static final String[] HEADER = {"workload", "metric", "unit", "uring4j", "min–max", "reference", "value",
        "min–max", "uring4j/ref", "better", "runs"};
    /** Right-aligned (numeric) columns. */
    private static final boolean[] NUMERIC = {false, false, false, true, true, false, true, true, true, false, true};

    private ResultTable() {}

    static List<String[]> lines(Comparison comparison) {
        List<String[]> lines = new ArrayList<>();
        for (Comparison.Entry e : comparison.entries()) {
            Stats subject = e.stats().get(Comparison.SUBJECT);
            String s = subject == null ? "-" : Row.format(subject.median());
            String sRange = subject == null ? "-" : subject.range();
            String better = Row.lowerIsBetter(e.unit()) ? "lower" : "higher";
            List<String> refs = e.references();
            if (refs.isEmpty()) {
                lines.add(new String[] {e.workload(), e.metric(), e.unit(), s, sRange, "-", "-", "-", "-", better,
                    runs(subject, null)});
            }
            for (String ref : refs) {
                Stats r = e.stats().get(ref);
                double ratio = e.ratio(ref);
                lines.add(new String[] {e.workload(), e.metric(), e.unit(), s, sRange, ref, Row.format(r.median()),
                    r.range(), Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2f", ratio), better,
                    runs(subject, r)});
            }
        }
        return lines;
    }

    /** "3" when both sides have 3 runs, "3/2" when they differ. */
    private static String runs(Stats subject, Stats reference) {
        if (subject == null || reference == null) {
            Stats one = subject != null ? subject : reference;
            return one == null ? "-" : Integer.toString(one.runs());
        }
        return subject.runs() == reference.runs() ? Integer.toString(subject.runs())
                : subject.runs() + "/" + reference.runs();
    }

    static String text(Comparison comparison) {
        List<String[]> lines = lines(comparison);
        int[] width = new int[HEADER.length];
        for (int i = 0; i < HEADER.length; i++) {
            width[i] = HEADER[i].length();
        }
        for (String[] l : lines) {
            for (int i = 0; i < l.length; i++) {
                width[i] = Math.max(width[i], l[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        append(out, HEADER, width);
        for (String[] l : lines) {
            append(out, l, width);
        }
        return out.toString();
    }

    static String markdown(Comparison comparison) {
        StringBuilder out = new StringBuilder();
        out.append("| ").append(String.join(" | ", HEADER)).append(" |\n|");
        for (boolean numeric : NUMERIC) {
            out.append(numeric ? "---:|" : "---|");
        }
        out.append('\n');
        for (String[] l : lines(comparison)) {
            out.append("| ").append(String.join(" | ", l)).append(" |\n");
        }
        return out.toString();
    }

    private static void append(StringBuilder out, String[] cells, int[] width) {
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i];
            boolean last = i + 1 == cells.length;
            String pad = " ".repeat(width[i] - c.length());
            out.append(NUMERIC[i] ? pad + c : last ? c : c + pad);
            out.append(last ? "\n" : "  ");
        }
    }
}
