package io.uring4j.generator.load;

import io.uring4j.generator.model.EntryLayout;
import io.uring4j.generator.model.Family;
import io.uring4j.generator.model.Field;
import io.uring4j.generator.model.FixedValue;
import io.uring4j.generator.model.Loc;
import io.uring4j.generator.model.Opcode;
import io.uring4j.generator.model.Param;
import io.uring4j.generator.model.ParamType;
import io.uring4j.generator.model.Spec;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.SourceVersion;

import static io.uring4j.generator.load.SpecValidator.camel;
import static io.uring4j.generator.load.SpecValidator.fits;

/**
 * The spec rules for one opcode's parameters and constants: overloads, Java names, which SQE field
 * each writes (one writer per field), widths, defaults and covered lengths. Part of
 * {@link SpecValidator}; every failure is a {@link SpecException} naming the entry and the rule.
 */
final class ParamValidator {
    /** Fields of the generated Sqe that prep methods use. */
    private static final Set<String> SQE_STATE = Set.of("memory", "base", "entrySize");

    private ParamValidator() {}

    static void validate(Spec spec, Opcode o) {
        overloads(o);
        params(spec, o);
        constants(o);
    }

    /** Each overload keeps a distinct, proper subset of the defaulted parameters. */
    private static void overloads(Opcode o) {
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
    }

    /** Checks every parameter, and that no two write the same SQE bytes. */
    private static void params(Spec spec, Opcode o) {
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
    }

    /** Constants set by the prep method: one writer per field, each value fits its field. */
    private static void constants(Opcode o) {
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
            if (!fits(s.resolved(), field.width() * 8)) {
                throw new SpecException(s.loc(), what, "value-width", "value " + s.resolved() + " does not fit "
                        + field.width() + " bytes");
            }
            // A constant may share its field only with a flags parameter, into which it is OR-ed.
            for (Param p : o.params()) {
                Field pf = p.field();
                boolean sameFlags = pf == field && p.type() == ParamType.FLAGS;
                boolean hitsLen = p.lenField() != null && p.lenField().overlaps(field);
                if ((pf.overlaps(field) && !sameFlags) || hitsLen) {
                    throw new SpecException(s.loc(), what, "one-writer-per-field", "the constant overlaps parameter "
                            + p.name());
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
}
