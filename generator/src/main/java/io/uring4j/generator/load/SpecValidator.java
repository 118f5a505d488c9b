package io.uring4j.generator.load;

import io.uring4j.generator.model.Loc;
import io.uring4j.generator.model.EntryLayout;
import io.uring4j.generator.model.ErrnoEntry;
import io.uring4j.generator.model.Family;
import io.uring4j.generator.model.FamilyKind;
import io.uring4j.generator.model.Field;
import io.uring4j.generator.model.FixedValue;
import io.uring4j.generator.model.FlagValue;
import io.uring4j.generator.model.Opcode;
import io.uring4j.generator.model.Param;
import io.uring4j.generator.model.ParamType;
import io.uring4j.generator.model.Spec;
import io.uring4j.generator.model.Struct;
import io.uring4j.generator.model.StructField;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;

/**
 * Cross-entry rules of the spec. Each failure is a {@link SpecException} naming the file, line,
 * entry and rule, so a broken spec stops the build before any Java is emitted.
 */
public final class SpecValidator {
    private static final Pattern VERSION = Pattern.compile("[1-9][0-9]*\\.[0-9]+");
    private static final Pattern CONST_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Pattern JAVA_CLASS = Pattern.compile("[A-Z][A-Za-z0-9]*");
    private static final Pattern SNAKE = Pattern.compile("[a-z][a-z0-9_]*");
    /** Fields of the generated Sqe that prep methods use. */
    private static final Set<String> SQE_STATE = Set.of("memory", "base", "entrySize");
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
            params(spec, o);
            ScenarioValidator.validate(spec, o);
        }
    }

    private static void params(Spec spec, Opcode o) {
        Set<Set<String>> seen = new HashSet<>();
        long defaulted = o.params().stream().filter(p -> !p.required()).count();
        for (List<String> overload : o.overloads()) {
            for (String kept : overload) {
                if (o.params().stream().noneMatch(p -> p.name().equals(kept) && !p.required())) {
                    throw new SpecException(o.loc(), "opcode " + o.name(), "overloads", "an overload keeps '" + kept
                            + "', which is not a defaulted parameter of " + o.name());
                }
            }
            if (overload.isEmpty() || overload.size() >= defaulted || !seen.add(Set.copyOf(overload))) {
                throw new SpecException(o.loc(), "opcode " + o.name(), "overloads", "overload " + overload
                        + " is empty, keeps every parameter or repeats another");
            }
        }
        EntryLayout sqe = spec.sqe();
        Map<String, String> users = new HashMap<>(); // field -> param that writes it
        Set<String> names = new HashSet<>();
        for (Param p : o.params()) {
            String what = "opcode " + o.name() + ", param " + p.name();
            if (!names.add(camel(p.name()))) {
                throw new SpecException(p.loc(), what, "unique-param-name", "two parameters share the Java name "
                        + camel(p.name()));
            }
            if (!SourceVersion.isIdentifier(camel(p.name())) || SourceVersion.isKeyword(camel(p.name()))) {
                throw new SpecException(p.loc(), what, "param-name", "'" + p.name() + "' is not usable as a Java name");
            }
            // Prep methods write through the Sqe's own fields; a parameter of that name would hide them.
            if (SQE_STATE.contains(camel(p.name()))) {
                throw new SpecException(p.loc(), what, "param-name", "'" + p.name()
                        + "' would hide the Sqe field of that name");
            }
            // A segment's address and size go to locals named after it (bufAddress, bufLength, bufCount).
            for (Param other : o.params()) {
                for (String suffix : List.of("Address", "Length", "Count")) {
                    if ((other.type().isSegment() || other.type().isTypedMemory()) && camel(p.name()).equals(camel(other.name()) + suffix)) {
                        throw new SpecException(p.loc(), what, "param-name", "'" + p.name()
                                + "' clashes with the local the prep method keeps for " + other.name());
                    }
                }
            }
            Field field = p.field();
            checkFieldFitsType(p, field, what);
            claim(users, sqe, field, p.name(), p.loc(), what);
            boolean needsLen = p.type() == ParamType.BUFFER || p.type() == ParamType.ARRAY
                    || p.type() == ParamType.IOVECS;
            if (needsLen != (p.lenField() != null) && p.type() != ParamType.STRUCT) {
                throw new SpecException(p.loc(), what, "len-field", needsLen
                        ? "a " + p.type().yaml() + " needs len_field (where its length goes)"
                        : "len_field is only for buffer, array, iovecs and struct parameters");
            }
            if (p.bits() != 0 && (p.type() != ParamType.INT && p.type() != ParamType.LONG
                    || p.bits() < 1 || p.bits() >= p.field().width() * 8 || p.bits() > 63)) {
                throw new SpecException(p.loc(), what, "bits", "bits is for int and long parameters, from 1 to less"
                        + " than the field's " + p.field().width() * 8 + " bits");
            }
            if (p.pageAligned() && p.type() != ParamType.BUFFER) {
                throw new SpecException(p.loc(), what, "page-aligned", "page_aligned is only for buffer parameters");
            }
            if (p.lenField() != null) {
                claim(users, sqe, p.lenField(), p.name(), p.loc(), what);
            }
            if (p.type() == ParamType.FLAGS) {
                if (p.family() == null) {
                    throw new SpecException(p.loc(), what, "family-ref", "flags need a family");
                }
            } else if (p.family() != null && p.type() != ParamType.INT && p.type() != ParamType.LONG) {
                throw new SpecException(p.loc(), what, "family-ref", "family is only for flags, int and long parameters");
            }
            if (p.type() == ParamType.ARRAY && p.elemSize() <= 0) {
                throw new SpecException(p.loc(), what, "elem-size", "an array needs a positive elem_size");
            }
            if (p.type() == ParamType.STRUCT && p.struct() == null && p.minSize() <= 0) {
                throw new SpecException(p.loc(), what, "struct-size", "a struct parameter needs 'struct' or 'min_size'");
            }
            if (p.nullable() && !p.type().isSegment()) {
                throw new SpecException(p.loc(), what, "nullable", "only segment parameters can be null");
            }
            if (p.defaultValue() != null) {
                checkDefault(p, field, what, spec.families());
            }
            if (!p.covers().isEmpty()) {
                if (!p.type().isSegment()) {
                    throw new SpecException(p.loc(), what, "covers", "only segment parameters cover other parameters");
                }
                for (String c : p.covers()) {
                    // A struct of at least 4 bytes stands for the u32 length stored in it (a socklen_t).
                    boolean ok = o.params().stream().anyMatch(q -> q.name().equals(c)
                            && (q.type() == ParamType.INT || q.type() == ParamType.LONG
                                || q.type() == ParamType.STRUCT && q.struct() == null && q.minSize() >= 4));
                    if (!ok) {
                        throw new SpecException(p.loc(), what, "covers", "'" + c + "' is not an int or long parameter "
                                + "(or a struct holding a u32 length) of " + o.name());
                    }
                }
            }
        }
        for (int i = 0; i < o.set().size(); i++) {
            for (int j = i + 1; j < o.set().size(); j++) {
                FixedValue a = o.set().get(i);
                FixedValue b = o.set().get(j);
                if (a.field() != b.field() && a.field().overlaps(b.field())) {
                    throw new SpecException(b.loc(), "opcode " + o.name() + ", set " + b.field().name(),
                            "one-writer-per-field", "overlaps the constant set on " + a.field().name());
                }
            }
        }
        for (FixedValue s : o.set()) {
            String what = "opcode " + o.name() + ", set " + s.field().name();
            Field field = s.field();
            if (field.array()) {
                throw new SpecException(s.loc(), what, "set-field", "cannot set a byte-array field");
            }
            if (!SpecValidator.fits(s.resolved(), field.width() * 8)) {
                throw new SpecException(s.loc(), what, "value-width", "value " + s.resolved() + " does not fit "
                        + field.width() + " bytes");
            }
            String user = users.get(field.name());
            // A constant may share its field only with a flags parameter, into which it is OR-ed.
            for (Param p : o.params()) {
                Field pf = p.field();
                boolean sameFlags = pf == field && p.type() == ParamType.FLAGS;
                boolean hitsLen = p.lenField() != null && p.lenField().overlaps(field);
                if ((pf.overlaps(field) && !sameFlags) || hitsLen) {
                    throw new SpecException(s.loc(), what, "one-writer-per-field", "the constant overlaps parameter "
                            + p.name() + (user == null ? "" : ""));
                }
            }
            if (field.name().equals("opcode")) {
                throw new SpecException(s.loc(), what, "set-field", "the opcode is written from 'value', not 'set'");
            }
        }
    }

    private static void claim(Map<String, String> users, EntryLayout sqe, Field field, String param, Loc loc, String what) {
        for (var e : users.entrySet()) {
            Field other = sqe.field(e.getKey()).orElseThrow();
            if (other.overlaps(field)) {
                throw new SpecException(loc, what, "one-writer-per-field", "field " + field.name() + " overlaps "
                        + other.name() + ", already written by parameter " + e.getValue());
            }
        }
        users.put(field.name(), param);
        if (field.name().equals("opcode")) {
            throw new SpecException(loc, what, "param-field", "the opcode field is written by the prep method itself");
        }
    }

    private static void checkFieldFitsType(Param p, Field f, String what) {
        boolean ok = switch (p.type()) {
            case FD -> f.width() == 4;
            // An int may go in an 8-byte field too (zero-extended), as C's socket type into sqe->off.
            case INT -> f.width() >= 1 && f.width() <= 8 && !f.array();
            case FILE_SLOT -> f.width() >= 1 && f.width() <= 4 && !f.array();
            case LONG -> f.width() == 8;
            case FLAGS -> !f.array();
            case BUFFER, ARRAY, STRUCT, CSTRING, IOVECS, MSGHDR -> f.width() == 8;
        };
        if (!ok) {
            throw new SpecException(p.loc(), what, "param-field-width", "a " + p.type().yaml() + " cannot go in "
                    + f.name() + " (" + f.width() + " bytes)");
        }
    }

    private static void checkDefault(Param p, Field f, String what, List<Family> families) {
        if (p.type().isSegment()) {
            if (!p.defaultValue().equals("null") || !p.nullable()) {
                throw new SpecException(p.loc(), what, "default-value", "a segment parameter defaults only to null, and must be nullable");
            }
            return;
        }
        long v = Constants.resolve(p.defaultValue(), families).orElseThrow(() -> new SpecException(p.loc(), what,
                "default-value", "default '" + p.defaultValue() + "' is not a number or Family.NAME"));
        if (!fits(v, f.width() * 8)) {
            throw new SpecException(p.loc(), what, "value-width", "default " + v + " does not fit the "
                    + f.width() + "-byte field " + f.name());
        }
    }

    /** snake_case to lowerCamelCase, the Java name of a parameter or field (the emitters' rule). */
    public static String camel(String snake) {
        return io.uring4j.generator.model.JavaName.camel(snake);
    }
}
