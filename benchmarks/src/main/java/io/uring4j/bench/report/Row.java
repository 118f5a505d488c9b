package io.uring4j.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One result: a line {@code workload,implementation,metric,value,unit} of the results CSV that
 * the harness scripts append to.
 */
record Row(String workload, String implementation, String metric, double value, String unit) {
    static final String HEADER = "workload,implementation,metric,value,unit";

    /** Reads a results CSV: the header line is optional, blank lines and lines starting with # are skipped. */
    static List<Row> read(Path csv) throws IOException {
        List<Row> rows = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(csv)) {
            n++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#") || t.equals(HEADER)) {
                continue;
            }
            String[] f = t.split(",", -1);
            if (f.length != 5) {
                throw new IllegalArgumentException(csv + ":" + n + ": expected 5 fields (" + HEADER + "), got: " + line);
            }
            double value;
            try {
                value = Double.parseDouble(f[3]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(csv + ":" + n + ": value is not a number: " + f[3]);
            }
            rows.add(new Row(f[0].strip(), f[1].strip(), f[2].strip(), value, f[4].strip()));
        }
        return rows;
    }

    /** True when a smaller value is better: times per operation and bytes per operation. */
    boolean lowerIsBetter() {
        return lowerIsBetter(unit);
    }

    static boolean lowerIsBetter(String unit) {
        String u = unit.toLowerCase(Locale.ROOT);
        return u.endsWith("/op") || u.equals("ns") || u.equals("us") || u.equals("µs") || u.equals("ms")
                || u.equals("s");
    }

    /** The CSV line of this row; the value keeps six significant digits. */
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
