package io.uring4j.generator.header;

import io.uring4j.generator.header.Layout.Laid;
import io.uring4j.generator.header.Layout.Placed;
import io.uring4j.generator.header.Layout.PlacedField;
import io.uring4j.generator.header.Layout.PlacedGroup;
import io.uring4j.generator.header.SpecFacts.Constant;
import io.uring4j.generator.header.SpecFacts.FieldFact;
import io.uring4j.generator.header.SpecFacts.OpcodeFact;
import io.uring4j.generator.header.SpecFacts.StructFact;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares what headers declare with what the spec states: every opcode, constant, struct and
 * field of the headers that the spec lacks or states differently, and every opcode or struct
 * field the spec has that the header no longer declares. Constants of other headers that the spec
 * also holds (errno, AF_*, ...) are not looked for in io_uring headers.
 */
public final class HeaderDiff {
    private static final String OP = "IORING_OP_";
    private final CHeader header;
    private final SpecFacts spec;
    private final Map<String, List<Constant>> byCName;
    private final List<Difference> out = new ArrayList<>();

    private HeaderDiff(CHeader header, SpecFacts spec) {
        this.header = header;
        this.spec = spec;
        this.byCName = spec.byCName();
    }

    public static List<Difference> compare(CHeader header, SpecFacts spec) {
        HeaderDiff d = new HeaderDiff(header, spec);
        d.opcodes();
        d.constants();
        d.structs();
        return List.copyOf(d.out);
    }

    /** Enum helpers that are no kernel facts: counts (_LAST, __*_MAX) and bit numbers (IOSQE_*_BIT). */
    static boolean ignored(String name) {
        return name.startsWith("__") || name.endsWith("_LAST") || name.endsWith("_BIT");
    }

    private void opcodes() {
        Map<String, OpcodeFact> byName = new HashMap<>();
        for (OpcodeFact o : spec.opcodes()) {
            byName.put(OP + o.name(), o);
        }
        boolean any = false;
        for (HeaderConstant c : header.constants().values()) {
            if (!c.name().startsWith(OP) || ignored(c.name())) {
                continue;
            }
            any = true;
            OpcodeFact o = byName.get(c.name());
            if (o == null) {
                String file = spec.opcodes().stream().filter(x -> x.value() == c.value().value() - 1)
                        .map(OpcodeFact::file).findFirst().orElse("opcodes/new.yaml");
                out.add(new Difference(file, "opcode " + c.name() + " = " + c.value().value() + " (" + c.where()
                        + ") is not in the spec: add an opcodes entry {name: " + c.name().substring(OP.length())
                        + ", value: " + c.value().value() + ", since: ...}"));
            } else if (!c.value().matches(o.value())) {
                out.add(new Difference(o.file(), "opcode " + o.name() + " is " + o.value() + " in the spec, "
                        + c.value().value() + " in the header (" + c.where() + ")"));
            }
        }
        if (any) {
            Set<String> inHeader = header.constants().keySet();
            for (OpcodeFact o : spec.opcodes()) {
                if (!inHeader.contains(OP + o.name())) {
                    out.add(new Difference(o.file(), "opcode " + o.name() + " = " + o.value()
                            + " is in the spec but the header does not define " + OP + o.name()));
                }
            }
        }
    }

    private void constants() {
        for (HeaderConstant c : header.constants().values()) {
            if (c.name().startsWith(OP) || ignored(c.name())) {
                continue;
            }
            List<Constant> known = byCName.get(c.name());
            if (known == null) {
                out.add(missingConstant(c));
            } else if (known.stream().noneMatch(k -> c.value().matches(k.value()))) {
                Constant k = known.getFirst();
                out.add(new Difference(k.file(), k.family() + "." + k.name() + " (" + c.name() + ") is "
                        + new CValue(k.value(), true, false).hex() + " in the spec, " + c.value().hex()
                        + " in the header (" + c.where() + ")"));
            }
        }
    }

    /** Names the family whose members share the longest prefix with the new constant (same enum first). */
    private Difference missingConstant(HeaderConstant c) {
        Constant best = null;
        int bestLen = 0;
        for (HeaderConstant other : header.constants().values()) {
            List<Constant> k = byCName.get(other.name());
            if (k == null || (!c.group().equals("#define") && !other.group().equals(c.group()))) {
                continue;
            }
            int len = commonPrefix(c.name(), other.name());
            if (len > bestLen) {
                bestLen = len;
                best = k.getFirst();
            }
        }
        String what = c.name() + " = " + c.value().hex() + " (" + c.where() + ") is not in the spec: ";
        // A shared prefix shorter than two words (IORING_) says nothing about the family.
        if (best != null && (c.group().equals("#define") ? c.name().substring(0, bestLen).split("_").length >= 2 : true)) {
            return new Difference(best.file(), what + "add it to family " + best.family());
        }
        // Else the family of a known constant defined within three lines (the kernel groups related defines).
        HeaderConstant near = null;
        for (HeaderConstant other : header.constants().values()) {
            if (byCName.containsKey(other.name()) && other.file().equals(c.file())
                    && Math.abs(other.line() - c.line()) <= 3
                    && (near == null || Math.abs(other.line() - c.line()) < Math.abs(near.line() - c.line()))) {
                near = other;
            }
        }
        if (near != null) {
            Constant k = byCName.get(near.name()).getFirst();
            return new Difference(k.file(), what + "add it to family " + k.family() + " (or give its entry c_name "
                    + c.name() + ")");
        }
        String suggested = "flags/" + c.file().replace("io_uring/", "").replace(".h", "").replace('_', '-') + ".yaml";
        return new Difference(suggested, what + "add a family (or a value) for it");
    }

    private static int commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return a.substring(0, i).lastIndexOf('_') + 1; // whole words only
    }

    private static String norm(String name) {
        int i = 0;
        while (i < name.length() && name.charAt(i) == '_') {
            i++;
        }
        return name.substring(i);
    }

    private void structs() {
        Layout layout = new Layout(header.structs());
        Map<String, StructFact> specStructs = new HashMap<>();
        for (StructFact s : spec.structs()) {
            specStructs.put(norm(s.name()), s);
        }
        for (StructFact s : spec.layouts()) {
            specStructs.put(s.name(), s);
        }
        for (CStruct cs : header.structs().values()) {
            Laid laid = layout.of(cs.name());
            StructFact s = specStructs.get(norm(cs.name()));
            String where = cs.file() + ":" + cs.line();
            if (s == null) {
                out.add(new Difference("structs.yaml", "struct " + cs.name() + " (" + where + ", "
                        + (laid.size() < 0 ? "size unknown" : laid.size() + " bytes") + ") is not in the spec; fields: "
                        + describe(laid.members())));
                continue;
            }
            boolean entry = spec.layouts().contains(s);
            if (laid.size() >= 0 && laid.size() != s.size()) {
                out.add(new Difference(s.file(), s.name() + " is " + s.size() + " bytes in the spec, "
                        + laid.size() + " in the header (" + where + ")"));
            }
            Set<FieldFact> matched = new HashSet<>();
            List<String> msgs = new ArrayList<>();
            if (entry) {
                entryFields(laid.members(), s, matched, msgs, "");
            } else {
                members(laid.members(), s, matched, msgs, false, "");
            }
            for (FieldFact f : s.fields()) {
                if (!matched.contains(f)) {
                    msgs.add("has field " + f.name() + " at " + f.offset() + " that the header does not declare");
                }
            }
            for (String m : msgs) {
                out.add(new Difference(s.file(), s.name() + " " + m + " (" + where + ")"));
            }
        }
    }

    /** SQE/CQE: every named leaf, union members included; padding (__pad*) is not a field. */
    private void entryFields(List<Placed> members, StructFact s, Set<FieldFact> matched, List<String> msgs, String prefix) {
        for (Placed p : members) {
            switch (p) {
                case PlacedGroup g -> entryFields(g.members(), s, matched, msgs,
                        g.name() == null ? prefix : prefix + g.name() + "_");
                case PlacedField f -> {
                    if (f.name().startsWith("__")) {
                        continue;
                    }
                    String name = prefix + f.name();
                    FieldFact sf = s.fields().stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
                    if (sf == null) {
                        msgs.add("lacks field " + name + " (" + shape(f) + ")");
                        continue;
                    }
                    matched.add(sf);
                    if (f.offset() >= 0 && f.offset() != sf.offset()) {
                        msgs.add("field " + name + " is at " + sf.offset() + " in the spec, " + f.offset() + " in the header");
                    }
                    int width = f.elemSize() * f.count();
                    if (f.count() > 0 && f.elemSize() > 0 && width != sf.elemSize() * sf.count()) {
                        msgs.add("field " + name + " is " + sf.elemSize() * sf.count() + " bytes in the spec, "
                                + width + " in the header");
                    }
                }
            }
        }
    }

    /** Struct members; in a union an unnamed-in-the-spec member may match a spec field of its place and size. */
    private void members(List<Placed> members, StructFact s, Set<FieldFact> matched, List<String> msgs,
                         boolean inUnion, String prefix) {
        for (Placed p : members) {
            switch (p) {
                case PlacedGroup g when g.union() -> union(g, s, matched, msgs, g.name() == null ? prefix : prefix + g.name() + "_");
                case PlacedGroup g -> members(g.members(), s, matched, msgs, inUnion,
                        g.name() == null ? prefix : prefix + g.name() + "_");
                case PlacedField f -> field(f, prefix + f.name(), s, matched, msgs, inUnion);
            }
        }
    }

    /**
     * A union: the spec may describe one view of it (zcrx_ctrl names zc_export, not zc_flush), so
     * when one member matches cleanly, members the spec does not name at all are not reported.
     */
    private void union(PlacedGroup g, StructFact s, Set<FieldFact> matched, List<String> msgs, String prefix) {
        List<List<String>> perMember = new ArrayList<>();
        boolean oneClean = false;
        for (Placed member : g.members()) {
            List<String> m = new ArrayList<>();
            members(List.of(member), s, matched, m, true, prefix);
            perMember.add(m);
            oneClean |= m.isEmpty();
        }
        for (List<String> m : perMember) {
            for (String msg : m) {
                if (!oneClean || !msg.startsWith("lacks field ")) {
                    msgs.add(msg);
                }
            }
        }
    }

    private void field(PlacedField f, String name, StructFact s, Set<FieldFact> matched, List<String> msgs, boolean inUnion) {
        FieldFact sf = s.fields().stream().filter(x -> norm(x.name()).equals(norm(name))).findFirst().orElse(null);
        int bytes = f.elemSize() < 0 || f.count() < 0 ? -1 : f.elemSize() * f.count();
        if (sf == null && inUnion) {
            if (f.count() == 0) {
                return; // a flexible array overlaying a union's other member (io_uring_buf_ring.bufs)
            }
            sf = s.fields().stream().filter(x -> x.offset() == f.offset() && specBytes(x) == bytes && bytes > 0)
                    .findFirst().orElse(null);
        }
        if (sf == null && f.name().startsWith("__") && bytes > 0 && f.offset() >= 0
                && s.fields().stream().noneMatch(x -> overlaps(x, f.offset(), bytes))) {
            return; // reserved space the spec leaves implicit; offsets and size still check it
        }
        if (sf == null) {
            msgs.add("lacks field " + name + " (" + shape(f) + ")");
            return;
        }
        matched.add(sf);
        if (f.offset() >= 0 && f.offset() != sf.offset()) {
            msgs.add("field " + sf.name() + " is at " + sf.offset() + " in the spec, " + f.offset() + " in the header");
        }
        boolean typeDiffers = f.struct()
                ? !sf.struct() || !norm(sf.type()).equals(norm(f.type()))
                : sf.struct() || (f.elemSize() > 0 && f.elemSize() != sf.elemSize());
        if (typeDiffers || f.count() != sf.count()) {
            msgs.add("field " + sf.name() + " is " + specShape(sf) + " in the spec, " + shape(f) + " in the header");
        }
    }

    private static boolean overlaps(FieldFact x, int offset, int bytes) {
        int size = x.struct() ? 1 : Math.max(1, x.elemSize() * x.count());
        return x.offset() < offset + bytes && offset < x.offset() + size;
    }

    private static int specBytes(FieldFact f) {
        return f.struct() ? -1 : f.elemSize() * f.count();
    }

    private static String specShape(FieldFact f) {
        return f.type() + (f.count() == 1 ? "" : "[" + (f.count() == 0 ? "" : f.count()) + "]") + " at " + f.offset();
    }

    private static String shape(PlacedField f) {
        String count = f.count() == 1 ? "" : "[" + (f.count() == 0 ? "" : f.count() < 0 ? "?" : f.count()) + "]";
        return (f.struct() ? "struct " : "") + f.type() + count + " at " + (f.offset() < 0 ? "?" : f.offset());
    }

    private static String describe(List<Placed> members) {
        List<String> parts = new ArrayList<>();
        for (Placed p : members) {
            switch (p) {
                case PlacedField f -> parts.add(f.name() + " " + shape(f));
                case PlacedGroup g -> parts.add((g.union() ? "union" : "struct") + (g.name() == null ? "" : " " + g.name())
                        + " {" + describe(g.members()) + "}");
            }
        }
        return String.join(", ", parts);
    }
}
