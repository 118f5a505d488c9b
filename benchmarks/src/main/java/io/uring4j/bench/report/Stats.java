package io.uring4j.bench.report;

import java.util.Arrays;
import java.util.List;

/**
 * The runs of one figure: median, smallest and largest value, and how many runs there were. The
 * median of an even count is the mean of the middle two.
 */
record Stats(double median, double min, double max, int runs) {
    /** Over {@code values}, which must not be empty. */
    static Stats of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("values must not be empty");
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        int n = v.length;
        double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        return new Stats(median, v[0], v[n - 1], n);
    }

    /** "min–max" (en dash), or "-" for a single run. */
    String range() {
        return runs < 2 ? "-" : Row.format(min) + "–" + Row.format(max);
    }
}
