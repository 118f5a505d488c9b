package io.uring4j.generator.load;

import io.uring4j.generator.model.Loc;
import io.uring4j.generator.model.EntryLayout;
import io.uring4j.generator.model.ErrnoEntry;
import io.uring4j.generator.model.Family;
import io.uring4j.generator.model.FamilyKind;
import io.uring4j.generator.model.Field;
import io.uring4j.generator.model.FlagValue;
import io.uring4j.generator.model.Opcode;
import io.uring4j.generator.model.Spec;
import io.uring4j.generator.model.Struct;
import io.uring4j.generator.model.StructField;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Loads every {@code *.yaml} file below the spec directory (in path order, so the result does not
 * depend on the file system) into the model, then hands it to {@link SpecValidator}.
 * A file may hold any of the top-level keys {@code sqe}, {@code cqe}, {@code opcodes},
 * {@code families}, {@code structs} and {@code errno}.
 */
public final class SpecLoader {
    private static final Set<String> TOP = Set.of("sqe", "cqe", "opcodes", "families", "structs", "errno",
            "common_params", "kit_verbs");
    private static final Set<String> LAYOUT_KEYS = Set.of("size", "big_size", "fields");
    private static final Set<String> FIELD_KEYS = Set.of("name", "offset", "width", "big_width", "signed",
            "array", "union", "access", "family", "doc");
    private static final Set<String> FAMILY_KEYS = Set.of("name", "c_prefix", "kind", "width", "summary",
            "values", "constants");
    private static final Set<String> VALUE_KEYS = Set.of("name", "value", "bit", "since", "doc", "arg", "nr", "c_name");
    private static final Set<String> STRUCT_KEYS = Set.of("name", "size", "doc", "packed", "fields");
    private static final Set<String> STRUCT_FIELD_KEYS = Set.of("name", "offset", "type", "count", "struct", "doc");
    private static final Set<String> ERRNO_KEYS = Set.of("name", "value", "doc");

    private SpecLoader() {}

    /** Loads and validates the spec below {@code dir}. */
    public static Spec load(Path dir) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml") && Files.isRegularFile(p))
                    .sorted(java.util.Comparator.comparing(p -> dir.relativize(p).toString().replace('\\', '/')))
                    .toList();
        } catch (IOException e) {
            throw new SpecException(new Loc(dir.toString(), 0), "spec directory", "io", e.toString());
        }
        Map<String, Node> byName = new LinkedHashMap<>();
        for (Path f : files) {
            String name = dir.relativize(f).toString().replace('\\', '/');
            try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                byName.put(name, YamlReader.read(name, r));
            } catch (IOException e) {
                throw new SpecException(new Loc(name, 0), "file", "io", e.toString());
            }
        }
        return fromNodes(byName);
    }

    /** Loads and validates a spec given as file name → YAML text (for tests and tools). */
    public static Spec fromStrings(Map<String, String> files) {
        Map<String, Node> byName = new LinkedHashMap<>();
        files.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                byName.put(e.getKey(), YamlReader.read(e.getKey(), new java.io.StringReader(e.getValue()))));
        return fromNodes(byName);
    }

    private static Spec fromNodes(Map<String, Node> files) {
        Entry sqeEntry = null;
        Entry cqeEntry = null;
        List<Entry> opcodeEntries = new ArrayList<>();
        Map<String, Node.MapNode> common = new LinkedHashMap<>();
        List<KitVerbs> verbs = new ArrayList<>();
        List<Entry> structEntries = new ArrayList<>();
        List<Family> families = new ArrayList<>();
        List<Struct> structs = new ArrayList<>();
        List<ErrnoEntry> errnos = new ArrayList<>();
        Loc firstLoc = null;
        for (var file : files.entrySet()) {
            Entry top = new Entry(file.getValue(), "file " + file.getKey()).allowOnly(TOP);
            if (firstLoc == null) {
                firstLoc = top.loc();
            }
            if (top.has("sqe") || top.raw("sqe") != null) {
                if (sqeEntry != null) {
                    throw top.error("sqe", "duplicate-layout", "the SQE layout is defined twice");
                }
                sqeEntry = new Entry(top.raw("sqe"), "sqe layout");
            }
            if (top.raw("cqe") != null) {
                if (cqeEntry != null) {
                    throw top.error("cqe", "duplicate-layout", "the CQE layout is defined twice");
                }
                cqeEntry = new Entry(top.raw("cqe"), "cqe layout");
            }
            for (Entry e : top.entries("families", "family")) {
                families.add(family(e));
            }
            for (Entry e : top.entries("structs", "struct")) {
                structEntries.add(e);
            }
            for (Entry e : top.entries("errno", "errno")) {
                errnos.add(errno(e));
            }
            opcodeEntries.addAll(top.entries("opcodes", "opcode"));
            for (Entry c : top.entries("common_params", "common param")) {
                String name = c.str("name");
                if (common.putIfAbsent(name, (Node.MapNode) c.node()) != null) {
                    throw c.error("name", "unique-common-param", "common parameter " + name + " is defined twice");
                }
            }
            if (top.raw("kit_verbs") != null) {
                verbs.add(KitVerbs.parse(new Entry(top.raw("kit_verbs"), "kit_verbs")
                        .allowOnly(Set.of("fixtures", "actions"))));
            }
        }
        Loc where = firstLoc == null ? new Loc("<spec>", 0) : firstLoc;
        if (sqeEntry == null) {
            throw new SpecException(where, "spec", "required-key", "no file defines the 'sqe' layout");
        }
        if (cqeEntry == null) {
            throw new SpecException(where, "spec", "required-key", "no file defines the 'cqe' layout");
        }
        // Structs after every file is read: a nested member refers to its struct object.
        Map<String, Entry> structsByName = new LinkedHashMap<>();
        structEntries.forEach(e -> structsByName.putIfAbsent(e.str("name"), e));
        Map<String, Struct> builtStructs = new LinkedHashMap<>();
        for (Entry e : structEntries) {
            structs.add(struct(e, structsByName, builtStructs, new java.util.HashSet<>()));
        }
        // Layouts come after every file is read: their fields refer to families by object.
        EntryLayout sqe = layout(sqeEntry, "sqe", families);
        EntryLayout cqe = layout(cqeEntry, "cqe", families);
        // Opcodes resolve constants against families and variants against their base, so they come last.
        Map<String, Entry> byName = new LinkedHashMap<>();
        for (Entry e : opcodeEntries) {
            String name = e.str("name");
            if (byName.putIfAbsent(name, e) != null) {
                throw e.error("name", "unique-opcode-name", "opcode name " + name + " is used twice (also at "
                        + byName.get(name).loc() + ")");
            }
        }
        ParamNodes paramNodes = new ParamNodes(common, byName);
        KitVerbs kit = KitVerbs.merge(verbs);
        // Bases first, so a variant refers to its base opcode object; the list keeps file order.
        Map<String, Opcode> built = new LinkedHashMap<>();
        for (boolean variants : new boolean[] {false, true}) {
            for (Entry e : opcodeEntries) {
                if (e.has("variant_of") == variants) {
                    built.put(e.str("name"), OpcodeLoader.opcode(e, byName, built, paramNodes.of(e), kit, sqe, families, structs));
                }
            }
        }
        List<Opcode> opcodes = opcodeEntries.stream().map(e -> built.get(e.str("name"))).toList();
        Spec spec = new Spec(sqe, cqe, opcodes, families, structs, errnos);
        SpecValidator.validate(spec);
        return spec;
    }

    private static EntryLayout layout(Entry e, String kind, List<Family> families) {
        e.allowOnly(LAYOUT_KEYS);
        int size = e.integer("size");
        int big = e.integer("big_size", size);
        List<Field> fields = new ArrayList<>();
        for (Entry f : e.entries("fields", kind + " field")) {
            f.allowOnly(FIELD_KEYS);
            String name = f.str("name");
            Entry named = new Entry(f.raw("name") == null ? null : fNode(f), kind + " field " + name);
            int width = f.integer("width");
            String access = f.str("access", "internal");
            if (!access.equals("public") && !access.equals("internal")) {
                throw named.error("access", "field-access", "access must be 'public' or 'internal', not '" + access + "'");
            }
            fields.add(new Field(name, f.integer("offset"), width, f.integer("big_width", width),
                    f.bool("signed", false), f.bool("array", false), f.str("union", null),
                    access.equals("public"), family(f, families), f.str("doc", null), f.loc()));
        }
        return new EntryLayout(kind, size, big, fields);
    }

    private static Family family(Entry field, List<Family> families) {
        String name = field.str("family", null);
        return name == null ? null : families.stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new SpecException(field.loc(), "field " + field.str("name"), "family-ref",
                        "unknown family " + name));
    }

    /** An empty node at the entry's location, so errors about a missing key point at the entry. */
    static Node fNode(Entry f) {
        return new Node.MapNode(Map.of(), Map.of(), f.loc());
    }

    private static Family family(Entry e) {
        e.allowOnly(FAMILY_KEYS);
        String name = e.str("name");
        Entry named = new Entry(fNode(e), "family " + name);
        String kindText = e.str("kind");
        FamilyKind kind = switch (kindText) {
            case "bits" -> FamilyKind.BITS;
            case "enum" -> FamilyKind.ENUM;
            default -> throw named.error("kind", "family-kind", "kind must be 'bits' or 'enum', not '" + kindText + "'");
        };
        return new Family(name, e.str("c_prefix", ""), kind, e.integer("width"), e.str("summary", null),
                values(e, "values", name), values(e, "constants", name), e.loc());
    }

    private static List<FlagValue> values(Entry family, String key, String familyName) {
        List<FlagValue> out = new ArrayList<>();
        for (Entry v : family.entries(key, "family " + familyName + " value")) {
            v.allowOnly(VALUE_KEYS);
            String name = v.str("name");
            Entry named = new Entry(fNode(v), "family " + familyName + " value " + name);
            long value;
            if (v.has("bit") == v.has("value")) {
                throw named.error("name", "value-or-bit", "give exactly one of 'value' and 'bit'");
            } else if (v.has("bit")) {
                int bit = v.integer("bit");
                if (bit < 0 || bit > 63) {
                    throw named.error("bit", "flag-width", "bit " + bit + " is outside 0..63");
                }
                value = 1L << bit;
            } else {
                value = v.number("value");
            }
            out.add(new FlagValue(name, value, v.str("since", null), v.str("doc", null), v.str("arg", null),
                    v.str("nr", null), v.str("c_name", null), v.loc()));
        }
        return out;
    }

    /** Builds a struct after the structs it nests (memoised); a struct that contains itself is refused. */
    private static Struct struct(Entry e, Map<String, Entry> all, Map<String, Struct> built, Set<String> building) {
        e.allowOnly(STRUCT_KEYS);
        String name = e.str("name");
        if (all.get(name) == e && built.containsKey(name)) {
            return built.get(name);
        }
        if (!building.add(name)) {
            throw e.error("name", "struct-ref", "struct " + name + " contains itself");
        }
        List<StructField> fields = new ArrayList<>();
        for (Entry f : e.entries("fields", "struct " + name + " field")) {
            f.allowOnly(STRUCT_FIELD_KEYS);
            String nestedName = f.str("struct", null);
            Struct nested = null;
            if (nestedName != null) {
                Entry n = all.get(nestedName);
                if (n == null) {
                    throw new SpecException(f.loc(), "struct " + name + ", field " + f.str("name"), "struct-ref",
                            "names unknown struct " + nestedName);
                }
                nested = struct(n, all, built, building);
            }
            fields.add(new StructField(f.str("name"), f.integer("offset"), f.str("type"), f.integer("count", 1),
                    nested, f.str("doc", null), f.loc()));
        }
        building.remove(name);
        Struct s = new Struct(name, e.integer("size"), e.str("doc", null), e.bool("packed", false), fields, e.loc());
        if (all.get(name) == e) {
            built.put(name, s);
        }
        return s;
    }

    private static ErrnoEntry errno(Entry e) {
        e.allowOnly(ERRNO_KEYS);
        return new ErrnoEntry(e.str("name"), e.integer("value"), e.str("doc", null), e.loc());
    }
}
