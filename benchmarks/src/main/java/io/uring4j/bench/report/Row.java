package io.uring4j.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One result: a line {@code workload,implementation,metric,value,unit[,run]} of the results CSV
 * that the harness scripts append to. {@code run} numbers the repetition (1, 2, ...) the value
 * comes from; a line without it is run 1 (the format before repetitions, still accepted).
 */
record Row(String workload, String implementation, String metric, double value, String unit, int run) {
    static final String HEADER = "workload,implementation,metric,value,unit,run";
    private static final String HEADER_V1 = "workload,implementation,metric,value,unit";

    Row(String workload, String implementation, String metric, double value, String unit) {
        this(workload, implementation, metric, value, unit, 1);
    }

    /**
     * Reads a results CSV: the header line is optional, blank lines and lines starting with # are
     * skipped; lines have 5 fields (run 1) or 6 (the last a run number of at least 1).
     */
    static List<Row> read(Path csv) throws IOException {
        List<Row> rows = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(csv)) {
            n++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#") || t.equals(HEADER) || t.equals(HEADER_V1)) {
                continue;
            }
            String[] f = t.split(",", -1);
            if (f.length != 5 && f.length != 6) {
                throw new IllegalArgumentException(csv + ":" + n + ": expected 5 or 6 fields (" + HEADER + "), got: "
                        + line);
            }
            int run = 1;
            if (f.length == 6) {
                try {
                    run = Integer.parseInt(f[5].strip());
                } catch (NumberFormatException e) {
                    run = 0;
                }
                if (run < 1) {
                    throw new IllegalArgumentException(csv + ":" + n + ": run must be a whole number >= 1: " + f[5]);
                }
            }
            double value;
            try {
                value = Double.parseDouble(f[3]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(csv + ":" + n + ": value is not a number: " + f[3]);
            }
            rows.add(new Row(f[0].strip(), f[1].strip(), f[2].strip(), value, f[4].strip(), run));
        }
        return rows;
    }

    /** True when a smaller value is better: times (per anything) and anything per operation. */
    boolean lowerIsBetter() {
        return lowerIsBetter(unit);
    }

    static boolean lowerIsBetter(String unit) {
        String u = unit.toLowerCase(Locale.ROOT);
        int slash = u.indexOf('/');
        String time = slash < 0 ? u : u.substring(0, slash); // a time per something: us/read
        return u.endsWith("/op") || time.equals("ns") || time.equals("us") || time.equals("µs") || time.equals("ms")
                || time.equals("s");
    }

    /** The CSV line of this row without the run (what a workload script writes); six significant digits. */
    String csv() {
        String v = Double.isFinite(value)
                ? new java.math.BigDecimal(value).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString()
                : "NaN";
        return workload + "," + implementation + "," + metric + "," + v + "," + unit;
    }

    /** A value with a few significant digits and no exponent. */
    static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        double a = Math.abs(v);
        String s = a >= 1000 ? String.format(Locale.ROOT, "%.0f", v)
                : a >= 10 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.3f", v);
        return s;
    }
}
