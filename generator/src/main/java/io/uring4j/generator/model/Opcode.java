package io.uring4j.generator.model;

import java.util.List;
import java.util.Set;

/**
 * An io_uring opcode, or a variant of one (same kernel value, different encoding).
 *
 * @param value     IORING_OP_* value; for a variant, the value of {@code variantOf}
 * @param variantOf the base opcode of a variant, else null
 * @param sqeSize   64, or 128 for opcodes that need a 128-byte SQE
 * @param test      the kernel test scenario, or null when the entry has none
 * @param overloads extra short overloads: each lists the defaulted parameters it keeps (the
 *                  overload with only the required parameters always exists)
 */
public record Opcode(String name, int value, Opcode variantOf, String since, String summary, String doc,
                     int sqeSize, ResKind res, String resDoc, List<String> cqeFlags,
                     Set<Capability> supports, List<Param> params, List<FixedValue> set,
                     Scenario test, List<List<String>> overloads, Loc loc) {

    public Opcode {
        cqeFlags = List.copyOf(cqeFlags);
        supports = Set.copyOf(supports);
        params = List.copyOf(params);
        set = List.copyOf(set);
        overloads = overloads.stream().map(List::copyOf).toList();
    }

    public boolean isVariant() {
        return variantOf != null;
    }

    /** The kernel opcode this entry encodes: itself, or the base of a variant. */
    public String baseName() {
        return variantOf == null ? name : variantOf.name();
    }
}
