package io.uring4j.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The comparison as a table, one line per (workload, metric, reference implementation), with
 * the ratio uring4j / reference; as aligned text for the terminal or as a Markdown table.
 */
final class ResultTable {
    private static final String[] HEADER = {"workload", "metric", "unit", "uring4j", "reference", "value",
        "uring4j/ref", "better"};

    private ResultTable() {}

    static List<String[]> lines(Comparison comparison) {
        List<String[]> lines = new ArrayList<>();
        for (Comparison.Entry e : comparison.entries()) {
            Double subject = e.subject();
            String s = subject == null ? "-" : Row.format(subject);
            String better = Row.lowerIsBetter(e.unit()) ? "lower" : "higher";
            List<String> refs = e.references();
            if (refs.isEmpty()) {
                lines.add(new String[] {e.workload(), e.metric(), e.unit(), s, "-", "-", "-", better});
            }
            for (String ref : refs) {
                double ratio = e.ratio(ref);
                lines.add(new String[] {e.workload(), e.metric(), e.unit(), s, ref, Row.format(e.values().get(ref)),
                    Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2f", ratio), better});
            }
        }
        return lines;
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
        out.append("| ").append(String.join(" | ", HEADER)).append(" |\n");
        out.append("|---|---|---|---:|---|---:|---:|---|\n");
        for (String[] l : lines(comparison)) {
            out.append("| ").append(String.join(" | ", l)).append(" |\n");
        }
        return out.toString();
    }

    private static void append(StringBuilder out, String[] cells, int[] width) {
        for (int i = 0; i < cells.length; i++) {
            boolean number = i == 3 || i == 5 || i == 6;
            String c = cells[i];
            boolean last = i + 1 == cells.length;
            String pad = last ? "" : " ".repeat(width[i] - c.length());
            out.append(number ? pad + c : c + pad);
            out.append(last ? "\n" : "  ");
        }
    }
}
