package io.uring4j.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a results CSV into the comparison the harness prints: the table with ratios
 * uring4j / reference, the targets (met or missed), one PNG bar chart per workload family, and
 * the same table and targets as Markdown.
 *
 * <p>Usage: {@code Report RESULTS_CSV CHART_DIR [MARKDOWN_FILE]}.
 *
 * <p>Charts: workloads that differ only in a last dash-separated part holding a digit
 * ({@code nop-batch1}, {@code nop-batch32}) are one family ({@code nop}, see
 * {@link Comparison#family}) and share a chart, that part labelling the bar groups. A family gets one chart per metric, except {@code alloc}, which is
 * only tabulated; the file is {@code FAMILY.png}, or {@code FAMILY-METRIC.png} when the family has
 * several metrics.
 */
public final class Report {
    private Report() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: Report RESULTS_CSV CHART_DIR [MARKDOWN_FILE]");
            System.exit(2);
        }
        System.setProperty("java.awt.headless", "true");
        Comparison comparison = new Comparison(Row.read(Path.of(args[0])));
        System.out.print(ResultTable.text(comparison));
        List<String> targets = Targets.check(comparison);
        System.out.println();
        System.out.println("Targets:");
        targets.forEach(t -> System.out.println("  " + t));
        Path dir = Path.of(args[1]);
        Files.createDirectories(dir);
        List<Path> charts = charts(comparison, dir);
        System.out.println();
        charts.forEach(c -> System.out.println("chart: " + c));
        if (args.length == 3) {
            StringBuilder md = new StringBuilder(ResultTable.markdown(comparison)).append('\n');
            targets.forEach(t -> md.append("- ").append(t).append('\n'));
            Files.writeString(Path.of(args[2]), md);
        }
    }

    static List<Path> charts(Comparison comparison, Path dir) throws IOException {
        // family -> metric -> entries
        Map<String, Map<String, List<Comparison.Entry>>> families = new LinkedHashMap<>();
        for (Comparison.Entry e : comparison.entries()) {
            if (e.metric().equals(Comparison.ALLOC)) {
                continue;
            }
            families.computeIfAbsent(Comparison.family(e.workload()), k -> new LinkedHashMap<>())
                    .computeIfAbsent(e.metric(), k -> new ArrayList<>()).add(e);
        }
        List<Path> written = new ArrayList<>();
        for (var family : families.entrySet()) {
            for (var metric : family.getValue().entrySet()) {
                List<Comparison.Entry> entries = metric.getValue();
                Set<String> impls = new LinkedHashSet<>();
                if (entries.stream().anyMatch(e -> e.subject() != null)) {
                    impls.add(Comparison.SUBJECT);
                }
                entries.forEach(e -> impls.addAll(e.values().keySet()));
                List<String> series = List.copyOf(impls);
                List<String> groups = new ArrayList<>();
                double[][] values = new double[entries.size()][series.size()];
                for (int g = 0; g < entries.size(); g++) {
                    Comparison.Entry e = entries.get(g);
                    groups.add(Comparison.variant(e.workload()));
                    for (int s = 0; s < series.size(); s++) {
                        Double v = e.values().get(series.get(s));
                        values[g][s] = v == null ? Double.NaN : v;
                    }
                }
                String unit = entries.get(0).unit();
                String name = family.getValue().size() == 1 ? family.getKey() : family.getKey() + "-" + metric.getKey();
                Path png = dir.resolve(name + ".png");
                String title = family.getKey() + ": " + metric.getKey() + " (" + unit + ", "
                        + (Row.lowerIsBetter(unit) ? "lower" : "higher") + " is better)";
                BarChart.write(png, title, unit, groups, series, values);
                written.add(png);
            }
        }
        return written;
    }
}
