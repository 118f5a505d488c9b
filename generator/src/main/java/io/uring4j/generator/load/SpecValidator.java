package io.uring4j.generator.load;

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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cross-entry rules of the spec. Each failure is a {@link SpecException} naming the file, line,
 * entry and rule, so a broken spec stops the build before any Java is emitted.
 */
public final class SpecValidator {
    private static final Pattern VERSION = Pattern.compile("[1-9][0-9]*\\.[0-9]+");
    private static final Pattern CONST_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Pattern JAVA_CLASS = Pattern.compile("[A-Z][A-Za-z0-9]*");
    private static final Pattern SNAKE = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Set<String> STRUCT_TYPES = Set.of("u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "struct");

    private SpecValidator() {}

    public static void validate(Spec spec) {
        layout(spec.sqe(), spec);
        layout(spec.cqe(), spec);
        families(spec.families());
        structs(spec.structs());
        errnos(spec.errnos());
        opcodes(spec);
    }

    private static void layout(EntryLayout l, Spec spec) {
        Set<String> names = new HashSet<>();
        for (Field f : l.fields()) {
            String what = l.kind() + " field " + f.name();
            if (!names.add(f.name())) {
                throw new SpecException(f.loc(), what, "unique-field-name", "field name used twice");
            }
            if (!SNAKE.matcher(f.name()).matches()) {
                throw new SpecException(f.loc(), what, "field-name", "field names are lower snake_case");
            }
            if (!f.array() && f.width() != 1 && f.width() != 2 && f.width() != 4 && f.width() != 8) {
                throw new SpecException(f.loc(), what, "field-width", "width " + f.width() + " is not 1, 2, 4 or 8");
            }
            if (f.offset() < 0 || f.offset() + f.width() > l.size()) {
                throw new SpecException(f.loc(), what, "field-inside-entry", "bytes " + f.offset() + ".."
                        + (f.offset() + f.width()) + " are outside the " + l.size() + "-byte " + l.kind());
            }
            if (f.offset() + f.bigWidth() > l.bigSize()) {
                throw new SpecException(f.loc(), what, "field-inside-entry", "big width ends past "
                        + l.bigSize() + " bytes");
            }
            if (!f.array() && f.width() > 0 && f.offset() % f.width() != 0) {
                throw new SpecException(f.loc(), what, "field-alignment", "offset " + f.offset()
                        + " is not a multiple of its width " + f.width());
            }
        }
        // Overlapping fields must be declared members of one union: anything else is a typo.
        List<Field> fs = l.fields();
        for (int i = 0; i < fs.size(); i++) {
            for (int j = i + 1; j < fs.size(); j++) {
                Field a = fs.get(i);
                Field b = fs.get(j);
                if (a.width() > 0 && b.width() > 0 && a.overlaps(b)
                        && (a.union() == null || !a.union().equals(b.union()))) {
                    throw new SpecException(b.loc(), l.kind() + " field " + b.name(), "field-overlap",
                            "overlaps " + a.name() + " but they are not members of one union");
                }
            }
        }
    }

    private static void families(List<Family> families) {
        Set<String> names = new HashSet<>();
        for (Family f : families) {
            String what = "family " + f.name();
            if (!names.add(f.name())) {
                throw new SpecException(f.loc(), what, "unique-family-name", "family name used twice");
            }
            if (!JAVA_CLASS.matcher(f.name()).matches()) {
                throw new SpecException(f.loc(), what, "family-name", "family names are UpperCamelCase Java class names");
            }
            if (f.width() != 8 && f.width() != 16 && f.width() != 32 && f.width() != 64) {
                throw new SpecException(f.loc(), what, "family-width", "width " + f.width() + " is not 8, 16, 32 or 64");
            }
            Set<String> valueNames = new HashSet<>();
            Map<Long, String> enumValues = new HashMap<>();
            for (List<FlagValue> group : List.of(f.values(), f.constants())) {
                for (FlagValue v : group) {
                    String vw = what + " value " + v.name();
                    if (!valueNames.add(v.name())) {
                        throw new SpecException(v.loc(), vw, "unique-value-name", "name used twice in the family");
                    }
                    if (!CONST_NAME.matcher(v.name()).matches()) {
                        throw new SpecException(v.loc(), vw, "value-name", "names are UPPER_SNAKE_CASE without the C prefix");
                    }
                    if (v.since() != null && !VERSION.matcher(v.since()).matches()) {
                        throw new SpecException(v.loc(), vw, "since-format", "since '" + v.since() + "' is not like 5.19");
                    }
                }
            }
            for (FlagValue v : f.values()) {
                String vw = what + " value " + v.name();
                if (!fits(v.value(), f.width())) {
                    throw new SpecException(v.loc(), vw, "flag-width", "value 0x" + Long.toHexString(v.value())
                            + " does not fit the family's " + f.width() + " bits");
                }
                if (f.kind() == FamilyKind.ENUM) {
                    String prev = enumValues.putIfAbsent(v.value(), v.name());
                    if (prev != null) {
                        throw new SpecException(v.loc(), vw, "unique-value", "value " + v.value() + " is also " + prev);
                    }
                }
            }
        }
    }

    /** True if v fits in {@code bits} as unsigned, or as a negative value sign-extended from them. */
    static boolean fits(long v, int bits) {
        if (bits == 64) {
            return true;
        }
        long max = (1L << bits) - 1;
        return (v >= 0 && v <= max) || (v < 0 && v >= -(1L << (bits - 1)));
    }

    private static void structs(List<Struct> structs) {
        Map<String, Struct> byName = new HashMap<>();
        for (Struct s : structs) {
            if (byName.put(s.name(), s) != null) {
                throw new SpecException(s.loc(), "struct " + s.name(), "unique-struct-name", "struct name used twice");
            }
        }
        for (Struct s : structs) {
            String what = "struct " + s.name();
            if (!SNAKE.matcher(s.name()).matches()) {
                throw new SpecException(s.loc(), what, "struct-name", "struct names are the C names in snake_case");
            }
            int end = 0;
            Set<String> names = new HashSet<>();
            for (StructField f : s.fields()) {
                String fw = what + " field " + f.name();
                if (!names.add(f.name())) {
                    throw new SpecException(f.loc(), fw, "unique-field-name", "field name used twice");
                }
                if (!STRUCT_TYPES.contains(f.type())) {
                    throw new SpecException(f.loc(), fw, "struct-field-type", "type '" + f.type() + "' is not one of "
                            + STRUCT_TYPES.stream().sorted().toList());
                }
                int elem;
                if (f.type().equals("struct")) {
                    Struct nested = f.struct();
                    if (nested == null) {
                        throw new SpecException(f.loc(), fw, "struct-ref", "a struct member needs 'struct'");
                    }
                    elem = nested.size();
                } else {
                    elem = f.scalarSize();
                }
                if (f.count() < 0) {
                    throw new SpecException(f.loc(), fw, "struct-field-count", "count must not be negative");
                }
                if (f.offset() < end) {
                    throw new SpecException(f.loc(), fw, "struct-field-order", "offset " + f.offset()
                            + " overlaps the previous field, which ends at " + end);
                }
                int align = f.type().equals("struct") ? alignment(f.struct(), byName) : Math.min(elem, 8);
                if (!s.packed() && align > 0 && f.offset() % align != 0) {
                    throw new SpecException(f.loc(), fw, "field-alignment", "offset " + f.offset()
                            + " is not aligned to " + align);
                }
                end = f.offset() + elem * f.count();
                if (end > s.size()) {
                    throw new SpecException(f.loc(), fw, "field-inside-struct", "ends at " + end + ", past size " + s.size());
                }
            }
        }
    }

    /** A struct's natural alignment: that of its most aligned member (1 when packed). */
    private static int alignment(Struct s, Map<String, Struct> byName) {
        if (s.packed()) {
            return 1;
        }
        int align = 1;
        for (StructField f : s.fields()) {
            Struct nested = f.type().equals("struct") ? f.struct() : null;
            int a = nested != null ? alignment(nested, byName) : Math.min(Math.max(f.scalarSize(), 1), 8);
            align = Math.max(align, a);
        }
        return align;
    }

    private static void errnos(List<ErrnoEntry> errnos) {
        Map<String, ErrnoEntry> names = new HashMap<>();
        Map<Integer, ErrnoEntry> values = new HashMap<>();
        for (ErrnoEntry e : errnos) {
            String what = "errno " + e.name();
            if (names.putIfAbsent(e.name(), e) != null) {
                throw new SpecException(e.loc(), what, "unique-errno-name", "name used twice");
            }
            if (!e.name().matches("E[A-Z0-9]+")) {
                throw new SpecException(e.loc(), what, "errno-name", "errno names look like EAGAIN");
            }
            if (e.value() <= 0 || e.value() > 4095) {
                throw new SpecException(e.loc(), what, "errno-range", "value " + e.value() + " is outside 1..4095");
            }
            ErrnoEntry prev = values.putIfAbsent(e.value(), e);
            if (prev != null) {
                throw new SpecException(e.loc(), what, "unique-errno-value", "value " + e.value()
                        + " is also " + prev.name() + " (aliases such as EWOULDBLOCK are not listed)");
            }
        }
    }

    private static void opcodes(Spec spec) {
        Map<Integer, Opcode> values = new HashMap<>();
        for (Opcode o : spec.opcodes()) {
            String what = "opcode " + o.name();
            if (!CONST_NAME.matcher(o.name()).matches()) {
                throw new SpecException(o.loc(), what, "opcode-name", "opcode names are UPPER_SNAKE_CASE without IORING_OP_");
            }
            if (!o.isVariant()) {
                Opcode prev = values.putIfAbsent(o.value(), o);
                if (prev != null) {
                    throw new SpecException(o.loc(), what, "unique-opcode-value", "value " + o.value()
                            + " is also " + prev.name() + "; a second encoding of one opcode is a variant (variant_of)");
                }
                if (o.value() < 0 || o.value() > 255) {
                    throw new SpecException(o.loc(), what, "opcode-range", "value " + o.value() + " does not fit the u8 opcode field");
                }
            }
            if (!VERSION.matcher(o.since()).matches()) {
                throw new SpecException(o.loc(), what, "since-format", "since '" + o.since() + "' is not like 5.19");
            }
            if (o.sqeSize() != spec.sqe().size() && o.sqeSize() != spec.sqe().bigSize()) {
                throw new SpecException(o.loc(), what, "sqe-size", "sqe_size " + o.sqeSize() + " is neither "
                        + spec.sqe().size() + " nor " + spec.sqe().bigSize());
            }
            Family cqeFlags = spec.family("CqeFlags").orElse(null);
            for (String flag : o.cqeFlags()) {
                if (cqeFlags == null || cqeFlags.value(flag).isEmpty()) {
                    throw new SpecException(o.loc(), what, "cqe-flag-ref", "CQE flag " + flag + " is not in family CqeFlags");
                }
            }
            ParamValidator.validate(spec, o);
            ScenarioValidator.validate(spec, o);
        }
    }


    /** snake_case to lowerCamelCase, the Java name of a parameter or field (the emitters' rule). */
    public static String camel(String snake) {
        return io.uring4j.generator.model.JavaName.camel(snake);
    }
}
