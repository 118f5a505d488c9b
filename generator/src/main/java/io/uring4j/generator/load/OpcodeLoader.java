package io.uring4j.generator.load;

import io.uring4j.generator.model.Capability;
import io.uring4j.generator.model.EntryLayout;
import io.uring4j.generator.model.Family;
import io.uring4j.generator.model.Field;
import io.uring4j.generator.model.FixedValue;
import io.uring4j.generator.model.Loc;
import io.uring4j.generator.model.Opcode;
import io.uring4j.generator.model.Param;
import io.uring4j.generator.model.ParamType;
import io.uring4j.generator.model.ResKind;
import io.uring4j.generator.model.Scenario;
import io.uring4j.generator.model.Struct;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.uring4j.generator.load.SpecLoader.fNode;

/**
 * Reads one {@code opcodes:} entry into an {@link Opcode}: a variant inherits value, since, res and
 * sqe_size from its base; parameters name SQE fields, families and structs loaded before them.
 * Part of {@link SpecLoader}.
 */
final class OpcodeLoader {
    private static final Set<String> OPCODE_KEYS = Set.of("name", "value", "variant_of", "since", "summary",
            "doc", "sqe_size", "res", "res_doc", "cqe_flags", "supports", "params", "set", "test", "overloads");
    private static final Set<String> PARAM_KEYS = Set.of("name", "type", "field", "len_field", "family",
            "struct", "min_size", "elem_size", "nullable", "default", "covers", "bits", "page_aligned", "doc");
    private static final Set<String> SET_KEYS = Set.of("field", "value");

    private OpcodeLoader() {}

    static Opcode opcode(Entry e, Map<String, Entry> all, Map<String, Opcode> built,
                                 List<Node.MapNode> paramNodes, KitVerbs kit,
                                 EntryLayout sqe,
                                 List<Family> families, List<Struct> structs) {
        e.allowOnly(OPCODE_KEYS);
        String name = e.str("name");
        Entry named = new Entry(fNode(e), "opcode " + name);
        String variantOf = e.str("variant_of", null);
        Entry base = null;
        if (variantOf != null) {
            base = all.get(variantOf);
            if (base == null) {
                throw named.error("variant_of", "variant-base", "variant_of names unknown opcode " + variantOf);
            }
            if (base.has("variant_of")) {
                throw named.error("variant_of", "variant-base", variantOf + " is itself a variant");
            }
            if (e.has("value")) {
                throw named.error("value", "variant-value", "a variant takes its value from " + variantOf
                        + "; remove 'value'");
            }
        }
        int value = base != null ? base.integer("value") : e.integer("value");
        String since = e.has("since") ? e.str("since") : base != null ? base.str("since") : e.str("since");
        String resText = e.str("res", base != null ? base.str("res", null) : null);
        if (resText == null) {
            resText = e.str("res");
        }
        ResKind res = ResKind.ofYaml(resText);
        if (res == null) {
            throw named.error("res", "res-kind", "res '" + resText + "' is not one of "
                    + Arrays.stream(ResKind.values()).map(ResKind::yaml).toList());
        }
        Set<Capability> caps = EnumSet.noneOf(Capability.class);
        for (String c : e.strings("supports")) {
            Capability cap = Capability.ofYaml(c);
            if (cap == null) {
                throw named.error("supports", "capability", "unknown capability '" + c + "'; known: "
                        + Arrays.stream(Capability.values()).map(Capability::yaml).toList());
            }
            caps.add(cap);
        }
        List<Param> params = new ArrayList<>();
        for (Node.MapNode p : paramNodes) {
            params.add(param(new Entry(p, "opcode " + name + " param"), name, sqe, families, structs));
        }
        List<FixedValue> set = new ArrayList<>();
        for (Entry s : e.entries("set", "opcode " + name + " set")) {
            s.allowOnly(SET_KEYS);
            String v = s.str("value");
            String fieldName = s.str("field");
            Field field = sqe.field(fieldName).orElseThrow(() -> new SpecException(s.loc(), "opcode " + name
                    + ", set " + fieldName, "set-field", "'" + fieldName + "' is not an SQE field"));
            set.add(new FixedValue(field, v, resolve(s, v, families, "opcode " + name), s.loc()));
        }
        int sqeSize = e.integer("sqe_size", base != null ? base.integer("sqe_size", 64) : 64);
        return new Opcode(name, value, variantOf == null ? null : built.get(variantOf), since, e.str("summary"), e.str("doc", null), sqeSize, res,
                e.str("res_doc", null), e.strings("cqe_flags"), caps, params, set, testScenario(e, name, kit), overloads(e, name), e.loc());
    }

    /** {@code overloads: [[offset]]}: each inner list names the defaulted parameters one overload keeps. */
    private static List<List<String>> overloads(Entry e, String opcode) {
        List<List<String>> out = new ArrayList<>();
        for (Node n : e.list("overloads")) {
            if (!(n instanceof Node.ListNode)) {
                throw new SpecException(n.loc(), "opcode " + opcode, "shape",
                        "'overloads' must list lists of parameter names, e.g. [[offset]]");
            }
            out.add(new Entry(new Node.MapNode(Map.of("kept", n), Map.of(), n.loc()), "opcode " + opcode)
                    .strings("kept"));
        }
        return out;
    }

    private static Param param(Entry p, String opcode, EntryLayout sqe, List<Family> families,
                               List<Struct> structs) {
        p.allowOnly(PARAM_KEYS);
        String name = p.str("name");
        Entry named = new Entry(fNode(p), "opcode " + opcode + ", param " + name);
        String typeText = p.str("type");
        ParamType type = ParamType.ofYaml(typeText);
        if (type == null) {
            throw named.error("type", "param-type", "type '" + typeText + "' is not one of "
                    + Arrays.stream(ParamType.values()).map(ParamType::yaml).toList());
        }
        // An explicit YAML null default ("default: null") is a value, unlike an absent key.
        String def = p.raw("default") instanceof Node.Scalar sc && sc.text() == null ? "null" : p.str("default", null);
        String what = "opcode " + opcode + ", param " + name;
        Field field = sqeField(sqe, p.str("field"), p.loc(), what);
        String lenName = p.str("len_field", null);
        Field lenField = lenName == null ? null : sqeField(sqe, lenName, p.loc(), what);
        String familyName = p.str("family", null);
        Family family = familyName == null ? null : families.stream().filter(f -> f.name().equals(familyName))
                .findFirst().orElseThrow(() -> new SpecException(p.loc(), what, "family-ref",
                        "unknown family " + familyName));
        // A typed iovec/msghdr parameter takes its element or header size from the spec's struct.
        String structName = type.isTypedMemory() ? type.structName() : p.str("struct", null);
        Struct struct = structName == null ? null : structs.stream().filter(s -> s.name().equals(structName))
                .findFirst().orElseThrow(() -> new SpecException(p.loc(), what, "struct-ref",
                        "unknown struct " + structName));
        int elemSize = type == ParamType.IOVECS ? struct.size() : p.integer("elem_size", 0);
        return new Param(name, type, field, lenField, family, struct, p.integer("min_size", 0), elemSize,
                p.bool("nullable", false), def, p.strings("covers"), p.integer("bits", 0), p.bool("page_aligned", false), p.str("doc", null),
                p.loc());
    }

    private static Field sqeField(EntryLayout sqe, String name, Loc loc, String what) {
        return sqe.field(name).orElseThrow(() -> new SpecException(loc, what, "param-field",
                "'" + name + "' is not an SQE field"));
    }

    /** Resolves a number or {@code Family.NAME} terms joined with '|'. */
    private static long resolve(Entry where, String text, List<Family> families, String what) {
        return Constants.resolve(text, families).orElseThrow(() -> where.error("value", "constant-ref",
                "'" + text + "' must be a number or Family.NAME of a known family value (terms joined with |)"));
    }

    private static Scenario testScenario(Entry e, String opcode, KitVerbs kit) {
        Node n = e.raw("test");
        return n == null ? null : ScenarioParser.parse(n, opcode, kit);
    }
}
