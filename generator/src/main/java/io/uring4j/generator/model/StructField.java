package io.uring4j.generator.model;


/**
 * A struct member.
 *
 * @param type   u8, u16, u32, u64, s8, s16, s32, s64 or struct
 * @param count  array length (1 for a scalar)
 * @param struct for type struct: the nested spec struct
 */
public record StructField(String name, int offset, String type, int count, Struct struct, String doc, Loc loc) {
    /** Size of one element in bytes for a scalar type, 0 for a nested struct. */
    public int scalarSize() {
        return switch (type) {
            case "u8", "s8" -> 1;
            case "u16", "s16" -> 2;
            case "u32", "s32" -> 4;
            case "u64", "s64" -> 8;
            default -> 0;
        };
    }
}
