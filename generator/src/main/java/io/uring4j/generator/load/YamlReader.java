package io.uring4j.generator.load;

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

    public static Node read(String fileName, Reader in) {
        try (JsonParser p = FACTORY.createParser(in)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return new Node.MapNode(Map.of(), Map.of(), new Loc(fileName, 1));
            }
            return value(fileName, p, t);
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

    private static Node value(String file, JsonParser p, JsonToken t) throws IOException {
        Loc loc = new Loc(file, p.currentTokenLocation().getLineNr());
        switch (t) {
            case START_OBJECT -> {
                Map<String, Node> entries = new LinkedHashMap<>();
                Map<String, Loc> keyLocs = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    Loc keyLoc = new Loc(file, p.currentTokenLocation().getLineNr());
                    if (entries.containsKey(key)) {
                        throw new SpecException(keyLoc, "key '" + key + "'", "duplicate-key",
                                "the key appears twice in one mapping");
                    }
                    entries.put(key, value(file, p, p.nextToken()));
                    keyLocs.put(key, keyLoc);
                }
                return new Node.MapNode(entries, keyLocs, loc);
            }
            case START_ARRAY -> {
                var items = new ArrayList<Node>();
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(value(file, p, next));
                }
                return new Node.ListNode(items, loc);
            }
            case VALUE_NULL -> {
                return new Node.Scalar(null, loc);
            }
            default -> {
                return new Node.Scalar(p.getText(), t == JsonToken.VALUE_STRING, loc);
            }
        }
    }
}
