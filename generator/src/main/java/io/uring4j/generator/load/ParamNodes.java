package io.uring4j.generator.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expands an opcode's {@code params} so each fact is stated once in the spec. An item is a
 * mapping, or a bare name; a name, or a mapping whose name is known, starts from the parameter of
 * that name in the variant's base opcode, else from {@code common_params}, and the mapping's keys
 * override it. A variant without {@code params} takes its base's list unchanged.
 */
final class ParamNodes {
    private final Map<String, Node.MapNode> common;
    private final Map<String, Entry> opcodes;
    private final Map<String, List<Node.MapNode>> done = new HashMap<>();

    ParamNodes(Map<String, Node.MapNode> common, Map<String, Entry> opcodes) {
        this.common = common;
        this.opcodes = opcodes;
    }

    /** The expanded parameter mappings of one opcode entry, in Java parameter order. */
    List<Node.MapNode> of(Entry opcode) {
        String name = opcode.str("name");
        List<Node.MapNode> cached = done.get(name);
        if (cached != null) {
            return cached;
        }
        Map<String, Node.MapNode> inherited = new LinkedHashMap<>();
        String baseName = opcode.has("variant_of") ? opcode.str("variant_of") : null;
        Entry base = baseName == null ? null : opcodes.get(baseName);
        if (base != null && !base.has("variant_of")) {
            for (Node.MapNode p : of(base)) {
                inherited.put(new Entry(p, "param").str("name"), p);
            }
        }
        List<Node.MapNode> out = new ArrayList<>();
        if (opcode.raw("params") == null && base != null) {
            out.addAll(inherited.values());
        }
        for (Node item : opcode.list("params")) {
            out.add(expand(item, inherited, "opcode " + name));
        }
        done.put(name, List.copyOf(out));
        return out;
    }

    private Node.MapNode expand(Node item, Map<String, Node.MapNode> inherited, String what) {
        if (item instanceof Node.Scalar s && s.text() != null) {
            Node.MapNode from = parent(s.text(), inherited);
            if (from == null) {
                throw new SpecException(s.loc(), what, "param-ref", "'" + s.text()
                        + "' names no parameter of the base opcode and no common_params entry");
            }
            return new Node.MapNode(from.entries(), from.keyLocs(), s.loc());
        }
        if (!(item instanceof Node.MapNode m)) {
            throw new SpecException(item.loc(), what, "shape", "a parameter is a mapping or a parameter name");
        }
        Node name = m.entries().get("name");
        Node.MapNode from = name instanceof Node.Scalar s && s.text() != null ? parent(s.text(), inherited) : null;
        if (from == null) {
            return m;
        }
        Map<String, Node> entries = new LinkedHashMap<>(from.entries());
        entries.putAll(m.entries());
        Map<String, io.uring4j.generator.model.Loc> locs = new LinkedHashMap<>(from.keyLocs());
        locs.putAll(m.keyLocs());
        return new Node.MapNode(entries, locs, m.loc());
    }

    private Node.MapNode parent(String name, Map<String, Node.MapNode> inherited) {
        Node.MapNode p = inherited.get(name);
        return p != null ? p : common.get(name);
    }
}
