package io.uring4j.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Converts a JMH result file ({@code -rf csv}) into results rows, printed to stdout.
 *
 * <p>Usage: {@code JmhRows JMH_CSV WORKLOAD_TEMPLATE IMPLEMENTATION [time,alloc]}. The template
 * names the workload of each benchmark: {@code {method}} is replaced by the benchmark method's
 * name and {@code {NAME}} by the value of the JMH parameter NAME, e.g. {@code nop-{method}} or
 * {@code read-{fs}-{method}}. The primary score becomes metric {@code time} (with JMH's unit);
 * the {@code gc.alloc.rate.norm} secondary score of {@code -prof gc} becomes metric
 * {@code alloc} in {@code B/op}.
 */
public final class JmhRows {
    private JmhRows() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: JmhRows JMH_CSV WORKLOAD_TEMPLATE IMPLEMENTATION [time,alloc]");
            System.exit(2);
        }
        Set<String> wanted = Set.of((args.length == 4 ? args[3] : "time,alloc").split(","));
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(args[0] + " is empty: did JMH run?");
        }
        List<String> header = fields(lines.get(0));
        int score = header.indexOf("Score");
        int unit = header.indexOf("Unit");
        if (score < 0 || unit < 0) {
            throw new IllegalArgumentException(args[0] + " is not a JMH CSV result (no Score/Unit columns)");
        }
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> f = fields(line);
            String benchmark = f.get(0);
            String secondary = null;
            int colon = benchmark.indexOf(':');
            if (colon >= 0) {
                secondary = benchmark.substring(colon + 1);
                benchmark = benchmark.substring(0, colon);
            }
            String metric;
            String u;
            if (secondary == null) {
                metric = "time";
                u = f.get(unit);
            } else if (secondary.equals("gc.alloc.rate.norm")) {
                metric = Comparison.ALLOC;
                u = "B/op";
            } else {
                continue;
            }
            if (!wanted.contains(metric)) {
                continue;
            }
            String workload = args[1].replace("{method}", benchmark.substring(benchmark.lastIndexOf('.') + 1));
            for (int i = 0; i < header.size(); i++) {
                String h = header.get(i);
                if (h.startsWith("Param: ")) {
                    workload = workload.replace("{" + h.substring("Param: ".length()) + "}", f.get(i));
                }
            }
            System.out.println(new Row(workload, args[2], metric, Double.parseDouble(f.get(score)), u).csv());
        }
    }

    /** Splits one CSV line; fields may be double-quoted (JMH quotes strings, not numbers). */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
