package io.uring4j.generator.load;

import io.uring4j.generator.model.Loc;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads YAML into {@link Node}s with line numbers. Jackson's tree model drops locations, so the
 * streaming parser is walked here instead.
 */
public final class YamlReader {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private YamlReader() {}

    /**
     * Plain scalars that a YAML 1.1 reader takes for booleans (PyYAML, SnakeYAML 1.x, Go yaml.v2):
     * the spec must quote them so every reader sees the same string.
     */
    private static final java.util.Set<String> YAML11_BOOLEANS = java.util.Set.of("y", "n", "yes", "no", "on", "off");

    public static Node read(String fileName, Reader in) {
        String text;
        try {
            StringBuilder sb = new StringBuilder();
            char[] buf = new char[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                sb.append(buf, 0, n);
            }
            text = sb.toString();
        } catch (IOException e) {
            throw new SpecException(new Loc(fileName, 0), "file", "io", e.toString());
        }
        String[] lines = text.split("\n", -1);
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return new Node.MapNode(Map.of(), Map.of(), new Loc(fileName, 1));
            }
            return value(fileName, lines, p, t);
        } catch (IOException e) {
            JsonLocation where = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
                    ? jpe.getLocation() : null;
            int line = where == null ? 0 : where.getLineNr();
            throw new SpecException(new Loc(fileName, line), "file", "yaml-syntax", summary(e.getMessage()));
        }
    }

    /**
     * The parser's context and problem lines ("while parsing a flow sequence; expected ',' or ']'"),
     * without its indented excerpts and positions: the line number is in the location already.
     */
    private static String summary(String message) {
        String text = String.valueOf(message).lines()
                .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                .map(String::strip)
                .collect(java.util.stream.Collectors.joining("; "));
        return text.isEmpty() ? "unreadable YAML" : text;
    }

    private static Node value(String file, String[] lines, JsonParser p, JsonToken t) throws IOException {
        Loc loc = new Loc(file, p.currentTokenLocation().getLineNr());
        switch (t) {
            case START_OBJECT -> {
                Map<String, Node> entries = new LinkedHashMap<>();
                Map<String, Loc> keyLocs = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    Loc keyLoc = new Loc(file, p.currentTokenLocation().getLineNr());
                    plainBoolean(key, lines, p, keyLoc);
                    if (entries.containsKey(key)) {
                        throw new SpecException(keyLoc, "key '" + key + "'", "duplicate-key",
                                "the key appears twice in one mapping");
                    }
                    entries.put(key, value(file, lines, p, p.nextToken()));
                    keyLocs.put(key, keyLoc);
                }
                return new Node.MapNode(entries, keyLocs, loc);
            }
            case START_ARRAY -> {
                var items = new ArrayList<Node>();
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(value(file, lines, p, next));
                }
                return new Node.ListNode(items, loc);
            }
            case VALUE_NULL -> {
                return new Node.Scalar(null, loc);
            }
            default -> {
                plainBoolean(p.getText(), lines, p, loc);
                return new Node.Scalar(p.getText(), t == JsonToken.VALUE_STRING, loc);
            }
        }
    }

    /** Rejects an unquoted {@code off}, {@code yes}, {@code n}, ...: YAML 1.1 readers see a boolean there. */
    private static void plainBoolean(String text, String[] lines, JsonParser p, Loc loc) {
        if (!YAML11_BOOLEANS.contains(text.toLowerCase(java.util.Locale.ROOT))) {
            return;
        }
        JsonLocation where = p.currentTokenLocation();
        int line = where.getLineNr() - 1;
        int col = where.getColumnNr() - 1;
        char first = line >= 0 && line < lines.length && col >= 0 && col < lines[line].length()
                ? lines[line].charAt(col) : ' ';
        if (first != '"' && first != '\'') {
            throw new SpecException(loc, "scalar '" + text + "'", "yaml11-boolean",
                    "YAML 1.1 readers take a plain '" + text + "' for a boolean; quote it (\"" + text + "\")");
        }
    }
}
