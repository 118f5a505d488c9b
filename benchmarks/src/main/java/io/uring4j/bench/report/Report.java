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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a results CSV into the comparison the harness prints: the table with ratios
 * uring4j / reference, the targets (met or missed), one PNG bar chart per workload family, and
 * the same table and targets as Markdown.
 *
 * <p>Usage: {@code Report RESULTS_CSV CHART_DIR [MARKDOWN_FILE]}.
 *
 * <p>Charts: workloads that differ only in a last dash-separated part holding a digit
 * ({@code nop-batch1}, {@code nop-batch32}) are one family ({@code nop}, see
 * {@link Comparison#family}) and share a chart. A family gets one chart per metric, except
 * {@code alloc}, which is only tabulated; the file is {@code FAMILY.png}, or
 * {@code FAMILY-METRIC.png} when the family has several metrics. A scaling family, whose
 * variants are one word and a number each ({@code batch1} … {@code batch256}, {@code qd1},
 * {@code c64}) with at least {@value #SCALING_POINTS} numbers, is drawn as a {@link LineChart}
 * over that number on a log scale; any other family as a {@link BarChart}, the variants labelling
 * the bar groups. Every figure is a median with its min–max drawn.
 */
public final class Report {
    /** The fewest variants for which a family is drawn as a scaling line chart. */
    static final int SCALING_POINTS = 4;
    private static final Pattern SCALING_VARIANT = Pattern.compile("([a-z]*)(\\d{1,15})");

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
                Stats[][] values = new Stats[entries.size()][series.size()];
                for (int g = 0; g < entries.size(); g++) {
                    Comparison.Entry e = entries.get(g);
                    groups.add(Comparison.variant(e.workload()));
                    for (int s = 0; s < series.size(); s++) {
                        values[g][s] = e.stats().get(series.get(s));
                    }
                }
                String unit = entries.get(0).unit();
                String name = family.getValue().size() == 1 ? family.getKey() : family.getKey() + "-" + metric.getKey();
                Path png = dir.resolve(name + ".png");
                String title = family.getKey() + ": " + metric.getKey() + " (" + unit + ", "
                        + (Row.lowerIsBetter(unit) ? "lower" : "higher") + " is better)";
                long[] xs = scalingPoints(groups);
                if (xs != null) {
                    LineChart.write(png, title, unit, xAxisName(groups.getFirst()), xs, series, values);
                } else {
                    BarChart.write(png, title, unit, groups, series, values);
                }
                written.add(png);
            }
        }
        return written;
    }

    /**
     * The numbers of a scaling family's variants (ascending, as {@link Comparison#entries()} sorts
     * them), or null when the variants are not one shared word and a positive number each, or
     * fewer than {@link #SCALING_POINTS}.
     */
    static long[] scalingPoints(List<String> variants) {
        if (variants.size() < SCALING_POINTS) {
            return null;
        }
        long[] xs = new long[variants.size()];
        String word = null;
        for (int i = 0; i < xs.length; i++) {
            Matcher m = SCALING_VARIANT.matcher(variants.get(i));
            if (!m.matches() || (word != null && !word.equals(m.group(1)))) {
                return null;
            }
            word = m.group(1);
            xs[i] = Long.parseLong(m.group(2));
            if (xs[i] <= 0 || (i > 0 && xs[i] <= xs[i - 1])) {
                return null;
            }
        }
        return xs;
    }

    /** What the x axis of a scaling family counts, from the word of its variants. */
    static String xAxisName(String variant) {
        String word = variant.replaceAll("\\d+$", "");
        return switch (word) {
            case "batch" -> "batch size";
            case "qd" -> "queue depth";
            case "c" -> "connections";
            case "t", "threads" -> "threads";
            case "" -> "n";
            default -> word;
        };
    }
}
