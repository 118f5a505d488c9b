package io.uring4j.generator.header;

import io.uring4j.generator.header.SpecFacts.Constant;
import io.uring4j.generator.header.SpecFacts.FieldFact;
import io.uring4j.generator.header.SpecFacts.OpcodeFact;
import io.uring4j.generator.header.SpecFacts.StructFact;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a C header that states exactly what the spec states (its constants as #defines, its
 * opcodes as an enum, its structs and entry layouts as structs), so a check of the spec against
 * its own header must find nothing.
 */
final class SpecHeader {
    private SpecHeader() {}

    static String of(SpecFacts spec) {
        StringBuilder h = new StringBuilder("/* written from the spec by a test */\n#include <linux/types.h>\n\n");
        h.append("enum io_uring_op {\n");
        for (OpcodeFact o : spec.opcodes()) {
            h.append("\tIORING_OP_").append(o.name()).append(" = ").append(o.value()).append(",\n");
        }
        h.append("\tIORING_OP_LAST,\n};\n\n");
        for (Constant c : spec.constants()) {
            h.append("#define ").append(c.cName()).append(" ").append(literal(c.value())).append("\n");
        }
        h.append('\n');
        for (StructFact s : spec.layouts()) {
            entry(h, s);
        }
        Map<String, StructFact> sizes = new LinkedHashMap<>();
        spec.structs().forEach(s -> sizes.put(s.name(), s));
        for (StructFact s : spec.structs()) {
            struct(h, s, sizes);
        }
        return h.toString();
    }

    private static String literal(long v) {
        return v < 0 ? "(" + v + ")" : "0x" + Long.toHexString(v) + (v > 0xFFFF_FFFFL ? "ULL" : "U");
    }

    private static String cType(FieldFact f) {
        if (f.struct()) {
            return "struct " + f.type();
        }
        return (f.signed() ? "__s" : "__u") + f.elemSize() * 8;
    }

    private static String decl(FieldFact f) {
        String dims = f.count() == 1 ? "" : "[" + (f.count() == 0 ? "" : f.count()) + "]";
        return cType(f) + " " + f.name() + dims + ";";
    }

    /** Fields in order; a gap the spec leaves (siginfo) becomes reserved bytes, as in the kernel's headers. */
    private static void struct(StringBuilder h, StructFact s, Map<String, StructFact> sizes) {
        h.append("struct ").append(s.name()).append(" {\n");
        int off = 0;
        int pad = 0;
        for (FieldFact f : s.fields()) {
            if (f.offset() > off) {
                h.append("\t__u8 __reserved").append(pad++).append('[').append(f.offset() - off).append("];\n");
            }
            h.append('\t').append(decl(f)).append('\n');
            int elem = f.struct() ? sizes.get(f.type()).size() : f.elemSize();
            off = f.offset() + elem * f.count();
        }
        if (off < s.size()) {
            h.append("\t__u8 __reserved").append(pad).append('[').append(s.size() - off).append("];\n");
        }
        h.append("}").append(s.packed() ? " __attribute__((packed))" : "").append(";\n\n");
    }

    /** An entry layout: plain fields in order, each union as alternatives padded to their offsets. */
    private static void entry(StringBuilder h, StructFact s) {
        Map<Integer, List<FieldFact>> items = new TreeMap<>();
        Map<String, Integer> unionStart = new LinkedHashMap<>();
        for (FieldFact f : s.fields()) {
            if (f.union() != null) {
                unionStart.merge(f.union(), f.offset(), Math::min);
            }
        }
        for (FieldFact f : s.fields()) {
            int at = f.union() != null ? unionStart.get(f.union()) : f.offset();
            items.computeIfAbsent(at, k -> new ArrayList<>()).add(f);
        }
        h.append("struct ").append(s.name()).append(" {\n");
        int pad = 0;
        int off = 0;
        for (var e : items.entrySet()) {
            int at = e.getKey();
            if (at > off) {
                h.append("\t__u8 __pad").append(pad++).append('[').append(at - off).append("];\n");
            }
            List<FieldFact> fs = e.getValue();
            int end = at;
            if (fs.size() == 1 && fs.getFirst().union() == null) {
                FieldFact f = fs.getFirst();
                h.append('\t').append(decl(f)).append('\n');
                end = at + f.elemSize() * f.count();
            } else {
                h.append("\tunion {\n");
                for (FieldFact f : fs) {
                    if (f.offset() == at) {
                        h.append("\t\t").append(decl(f)).append('\n');
                    } else {
                        h.append("\t\tstruct { __u8 __pad").append(pad++).append('[').append(f.offset() - at)
                                .append("]; ").append(decl(f)).append(" };\n");
                    }
                    end = Math.max(end, f.offset() + f.elemSize() * f.count());
                }
                h.append("\t};\n");
            }
            off = end;
        }
        h.append("};\n\n");
    }
}
