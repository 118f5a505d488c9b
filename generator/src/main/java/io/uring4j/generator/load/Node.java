package io.uring4j.generator.load;

import io.uring4j.generator.model.Loc;
import java.util.List;
import java.util.Map;

/** A YAML node that remembers where it was read, so errors can name the file and line. */
public sealed interface Node {
    Loc loc();

    /** A mapping; keys keep their order from the file. */
    record MapNode(Map<String, Node> entries, Map<String, Loc> keyLocs, Loc loc) implements Node {}

    record ListNode(List<Node> items, Loc loc) implements Node {}

    /** A scalar as text; {@code null} text is YAML null; {@code string} when it was a (quoted or plain) string. */
    record Scalar(String text, boolean string, Loc loc) implements Node {
        public Scalar(String text, Loc loc) {
            this(text, true, loc);
        }
    }
}
