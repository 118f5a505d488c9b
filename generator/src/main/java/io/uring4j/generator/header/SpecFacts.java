package io.uring4j.generator.header;

import io.uring4j.generator.model.EntryLayout;
import io.uring4j.generator.model.Family;
import io.uring4j.generator.model.FlagValue;
import io.uring4j.generator.model.Opcode;
import io.uring4j.generator.model.Spec;
import io.uring4j.generator.model.Struct;
import io.uring4j.generator.model.StructField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spec as plain facts a header can be checked against: C names with values, opcodes, struct
 * and entry layouts, each with the YAML file that states it. The only class of the header check
 * that reads the spec model, so a change of the model is absorbed here.
 */
public record SpecFacts(List<Constant> constants, List<OpcodeFact> opcodes, List<StructFact> structs,
                        List<StructFact> layouts, List<FamilyFact> families) {

    /**
     * A named value of a family.
     *
     * @param cName   the C name the spec gives it (prefix + name, or its c_name)
     * @param aliases other C names it may carry in a header (a family constant such as
     *                CqeFlags.BUFFER_SHIFT is IORING_CQE_BUFFER_SHIFT, not IORING_CQE_F_BUFFER_SHIFT)
     */
    public record Constant(String cName, List<String> aliases, long value, String family, String name, String file) {}

    public record OpcodeFact(String name, int value, String file) {}

    /** A family: its name, C prefix and file, to suggest where a new constant goes. */
    public record FamilyFact(String name, String cPrefix, String file) {}

    /**
     * A struct, or the SQE/CQE layout (as {@code io_uring_sqe} / {@code io_uring_cqe}).
     *
     * @param packed the C struct is packed
     */
    public record StructFact(String name, int size, boolean packed, List<FieldFact> fields, String file) {}

    /**
     * A field.
     *
     * @param type     u8..s64, or a struct's name when {@code struct}
     * @param elemSize bytes of one element (0 for a struct element, whose size the struct states)
     * @param count    1, an array length, or 0 for a flexible array
     * @param union    the layout union it belongs to, or null
     */
    public record FieldFact(String name, int offset, String type, boolean struct, int elemSize, int count,
                            boolean signed, String union) {}

    public static SpecFacts of(Spec spec) {
        List<Constant> constants = new ArrayList<>();
        List<FamilyFact> families = new ArrayList<>();
        for (Family f : spec.families()) {
            String file = f.loc().file();
            families.add(new FamilyFact(f.name(), f.cPrefix(), file));
            for (FlagValue v : f.values()) {
                constants.add(constant(f, v, file, false));
            }
            for (FlagValue v : f.constants()) {
                constants.add(constant(f, v, file, true));
            }
        }
        List<OpcodeFact> opcodes = new ArrayList<>();
        for (Opcode o : spec.baseOpcodes()) {
            opcodes.add(new OpcodeFact(o.name(), o.value(), o.loc().file()));
        }
        List<StructFact> structs = new ArrayList<>();
        for (Struct s : spec.structs()) {
            List<FieldFact> fields = new ArrayList<>();
            for (StructField f : s.fields()) {
                boolean struct = f.struct() != null;
                fields.add(new FieldFact(f.name(), f.offset(), struct ? f.struct().name() : f.type(), struct,
                        f.scalarSize(), f.count(), f.type().startsWith("s"), null));
            }
            structs.add(new StructFact(s.name(), s.size(), s.packed(), fields, s.loc().file()));
        }
        List<StructFact> layouts = List.of(layout("io_uring_sqe", spec.sqe(), spec), layout("io_uring_cqe", spec.cqe(), spec));
        return new SpecFacts(constants, opcodes, structs, layouts, families);
    }

    private static Constant constant(Family f, FlagValue v, String file, boolean isConstant) {
        String primary = v.cName() != null ? v.cName() : f.cPrefix() + v.name();
        List<String> aliases = new ArrayList<>();
        if (isConstant) {
            // Shorter prefixes: IORING_CQE_F_ -> IORING_CQE_ -> IORING_.
            String p = f.cPrefix();
            while (p.length() > 1) {
                int cut = p.lastIndexOf('_', p.length() - 2);
                if (cut < 0) {
                    break;
                }
                p = p.substring(0, cut + 1);
                aliases.add(p + v.name());
            }
        }
        return new Constant(primary, aliases, v.value(), f.name(), v.name(), file);
    }

    private static StructFact layout(String cName, EntryLayout l, Spec spec) {
        List<FieldFact> fields = new ArrayList<>();
        for (var f : l.fields()) {
            int width = f.width();
            fields.add(new FieldFact(f.name(), f.offset(), f.array() ? "u8" : "u" + width * 8, false,
                    f.array() ? 1 : width, f.array() ? width : 1, f.signed(), f.union()));
        }
        String file = l.fields().isEmpty() ? "layout.yaml" : l.fields().getFirst().loc().file();
        return new StructFact(cName, l.size(), false, fields, file);
    }

    /** Constants by every C name they may carry; the primary names first. */
    Map<String, List<Constant>> byCName() {
        Map<String, List<Constant>> out = new LinkedHashMap<>();
        for (Constant c : constants) {
            out.computeIfAbsent(c.cName(), k -> new ArrayList<>()).add(c);
        }
        for (Constant c : constants) {
            for (String a : c.aliases()) {
                out.computeIfAbsent(a, k -> new ArrayList<>()).add(c);
            }
        }
        return out;
    }
}
