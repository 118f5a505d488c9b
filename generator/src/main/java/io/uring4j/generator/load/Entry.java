package io.uring4j.generator.load;

import io.uring4j.generator.model.Loc;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Typed, location-aware access to one YAML mapping, with errors that name the entry. */
final class Entry {
    private final Node.MapNode node;
    private final String what;

    Entry(Node node, String what) {
        if (!(node instanceof Node.MapNode map)) {
            throw new SpecException(node.loc(), what, "shape", "expected a mapping");
        }
        this.node = map;
        this.what = what;
    }

    Node node() {
        return node;
    }

    String what() {
        return what;
    }

    Loc loc() {
        return node.loc();
    }

    Loc loc(String key) {
        Loc l = node.keyLocs().get(key);
        return l == null ? node.loc() : l;
    }

    SpecException error(String key, String rule, String detail) {
        return new SpecException(loc(key), what, rule, detail);
    }

    /** Rejects keys outside {@code allowed}: a misspelt key must not be silently ignored. */
    Entry allowOnly(Set<String> allowed) {
        for (String key : node.entries().keySet()) {
            if (!allowed.contains(key)) {
                throw error(key, "unknown-key", "unknown key '" + key + "'; allowed: "
                        + allowed.stream().sorted().toList());
            }
        }
        return this;
    }

    boolean has(String key) {
        return node.entries().containsKey(key) && text(node.entries().get(key)) != NULL_MARK;
    }

    String str(String key) {
        if (!node.entries().containsKey(key)) {
            throw new SpecException(loc(), what, "required-key", "missing required key '" + key + "'");
        }
        String t = text(node.entries().get(key));
        if (t == null || t == NULL_MARK) {
            throw error(key, "shape", "'" + key + "' must be a scalar");
        }
        return t;
    }

    String str(String key, String fallback) {
        return has(key) ? str(key) : fallback;
    }

    long number(String key) {
        return parseNumber(str(key), key);
    }

    long number(String key, long fallback) {
        return has(key) ? number(key) : fallback;
    }

    int integer(String key) {
        long v = number(key);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw error(key, "range", "'" + key + "' = " + v + " does not fit an int");
        }
        return (int) v;
    }

    int integer(String key, int fallback) {
        return has(key) ? integer(key) : fallback;
    }

    boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        String t = str(key);
        return switch (t) {
            case "true" -> true;
            case "false" -> false;
            default -> throw error(key, "shape", "'" + key + "' must be true or false, not '" + t + "'");
        };
    }

    /** A list of entries (mappings) under key; empty when absent. */
    List<Entry> entries(String key, String itemWhat) {
        List<Entry> out = new ArrayList<>();
        for (Node item : list(key)) {
            out.add(new Entry(item, itemWhat));
        }
        return out;
    }

    /** A list of scalars under key; empty when absent. */
    List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        for (Node item : list(key)) {
            if (!(item instanceof Node.Scalar s) || s.text() == null) {
                throw new SpecException(item.loc(), what, "shape", "'" + key + "' must list scalars");
            }
            out.add(s.text());
        }
        return out;
    }

    List<Node> list(String key) {
        Node n = node.entries().get(key);
        if (n == null || (n instanceof Node.Scalar s && s.text() == null)) {
            return List.of();
        }
        if (!(n instanceof Node.ListNode l)) {
            throw error(key, "shape", "'" + key + "' must be a list");
        }
        return l.items();
    }

    Node raw(String key) {
        return node.entries().get(key);
    }

    long parseNumber(String text, String key) {
        String t = text.trim().replace("_", "");
        try {
            boolean neg = t.startsWith("-");
            String body = neg ? t.substring(1) : t;
            long v;
            if (body.startsWith("0x") || body.startsWith("0X")) {
                v = Long.parseUnsignedLong(body.substring(2), 16);
            } else {
                v = Long.parseLong(body);
            }
            return neg ? -v : v;
        } catch (NumberFormatException e) {
            throw error(key, "number", "'" + key + "' must be a number, not '" + text + "'");
        }
    }

    private static final String NULL_MARK = new String("<null>");

    private static String text(Node n) {
        if (n instanceof Node.Scalar s) {
            return s.text() == null ? NULL_MARK : s.text();
        }
        return null;
    }
}
