package io.uring4j.generator.model;

import java.util.List;

/**
 * A family of kernel constants: bit flags (names the set bits) or an enumeration (names a value).
 *
 * @param cPrefix   the C prefix of the names, e.g. {@code IOSQE_}
 * @param width     bits a value may use: 8, 16, 32 or 64
 * @param constants related numbers that are not members (shifts, masks)
 */
public record Family(String name, String cPrefix, FamilyKind kind, int width, String summary,
                     List<FlagValue> values, List<FlagValue> constants, Loc loc) {
    public Family {
        values = List.copyOf(values);
        constants = List.copyOf(constants);
    }

    public java.util.Optional<FlagValue> value(String name) {
        return values.stream().filter(v -> v.name().equals(name)).findFirst()
                .or(() -> constants.stream().filter(v -> v.name().equals(name)).findFirst());
    }
}
