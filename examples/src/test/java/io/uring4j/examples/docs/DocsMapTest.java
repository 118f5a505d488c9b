package io.uring4j.examples.docs;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Keeps {@code docs/from-go-uring.md} honest: one row per exported name of the Go package, each
 * either mapped to Java types and members that exist, or left out / missing with its reason.
 */
class DocsMapTest {
    /** Exported functions, methods and types of the Go package at the commit the map names. */
    private static final int GO_NAMES = 475;
    private static final Pattern GO = Pattern.compile("`([a-z_]+\\.go): ((?:func|type) .+)`");
    private static final Pattern REF = Pattern.compile("`([A-Za-z.$]+)(?:#([A-Za-z_0-9]+))?`");
    private static final Pattern ISSUE = Pattern.compile("issue \\d+");

    record Row(int number, String go, String status, List<String> refs, String note) {}

    @Test
    void everyGoNameHasOneRowAndEveryNamedJavaMemberExists() throws IOException {
        List<Row> rows = rows();
        assertEquals(GO_NAMES, rows.size(), "rows in the parity map");
        Set<String> seen = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (Row r : rows) {
            String where = "row " + r.number() + " (" + r.go() + ")";
            if (!seen.add(r.go())) {
                problems.add(where + ": Go name listed twice");
            }
            switch (r.status()) {
                case "mapped" -> {
                    if (r.refs().isEmpty()) {
                        problems.add(where + ": mapped to nothing");
                    }
                }
                case "left out" -> {
                    if (r.note().isBlank()) {
                        problems.add(where + ": left out without a reason");
                    }
                }
                case "missing" -> {
                    if (!ISSUE.matcher(r.note()).find()) {
                        problems.add(where + ": missing without the issue it belongs to");
                    }
                }
                default -> problems.add(where + ": status must be mapped, left out or missing, not '" + r.status() + "'");
            }
            for (String ref : r.refs()) {
                String problem = resolve(ref);
                if (problem != null) {
                    problems.add(where + ": " + problem);
                }
            }
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " problems in docs/from-go-uring.md:\n" + String.join("\n", problems));
        }
    }

    @Test
    void theTotalsLineAgreesWithTheRows() throws IOException {
        List<Row> rows = rows();
        String text = Files.readString(map());
        String totals = "Totals: " + count(rows, "mapped") + " mapped, " + count(rows, "left out") + " left out, "
                + count(rows, "missing") + " missing.";
        assertTrue(text.contains(totals), "the page says: " + totals);
    }

    private static long count(List<Row> rows, String status) {
        return rows.stream().filter(r -> r.status().equals(status)).count();
    }

    /** Null when {@code Type#member} (relative to io.uring4j) exists, else what is wrong. */
    static String resolve(String ref) {
        Matcher m = REF.matcher(ref);
        if (!m.matches()) {
            return "'" + ref + "' is not `Type` or `Type#member`";
        }
        Class<?> type;
        try {
            type = Class.forName("io.uring4j." + m.group(1), false, DocsMapTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return "no type io.uring4j." + m.group(1);
        }
        String member = m.group(2);
        if (member == null) {
            return null;
        }
        if (member.equals("new")) {
            return type.getConstructors().length > 0 ? null : type.getName() + " has no public constructor";
        }
        boolean found = Arrays.stream(type.getMethods()).map(Method::getName).anyMatch(member::equals)
                || Arrays.stream(type.getFields()).map(Field::getName).anyMatch(member::equals);
        return found ? null : type.getName() + " has no public member " + member;
    }

    static List<Row> rows() throws IOException {
        List<String> lines = Files.readAllLines(map());
        int begin = lines.indexOf("<!-- parity-map:begin -->");
        int end = lines.indexOf("<!-- parity-map:end -->");
        assertTrue(begin >= 0 && end > begin, "the map's begin/end markers");
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(begin + 3, end)) { // skip the header and separator rows
            String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
            assertEquals(5, cells.length, "five cells: " + line);
            Matcher go = GO.matcher(cells[1].trim());
            assertTrue(go.matches(), "a Go signature in backticks: " + line);
            List<String> refs = new ArrayList<>();
            Matcher ref = Pattern.compile("`[^`]+`").matcher(cells[3]);
            while (ref.find()) {
                refs.add(ref.group());
            }
            int number = Integer.parseInt(cells[0].trim());
            assertEquals(rows.size() + 1, number, "rows numbered in order: " + line);
            rows.add(new Row(number, go.group(1) + ": " + go.group(2), cells[2].trim(), refs, cells[4].trim()));
        }
        return rows;
    }

    private static Path map() {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path file = base.resolveSibling("docs").resolve("from-go-uring.md");
        assertTrue(Files.isRegularFile(file), "the parity map at " + file);
        return file;
    }
}
