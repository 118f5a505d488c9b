package io.uring4j.generator.header;

import java.util.Map;

/**
 * A scalar C type as the spec names it (u8..u64, s8..s64) with its x86_64 size and alignment.
 * Covers the kernel's fixed-width types and the few plain C and uapi typedefs io_uring headers use.
 */
record CType(String spec, int size, boolean signed) {
    private static final Map<String, CType> SCALARS = Map.ofEntries(
            Map.entry("__u8", new CType("u8", 1, false)), Map.entry("__s8", new CType("s8", 1, true)),
            Map.entry("__u16", new CType("u16", 2, false)), Map.entry("__s16", new CType("s16", 2, true)),
            Map.entry("__u32", new CType("u32", 4, false)), Map.entry("__s32", new CType("s32", 4, true)),
            Map.entry("__u64", new CType("u64", 8, false)), Map.entry("__s64", new CType("s64", 8, true)),
            Map.entry("__aligned_u64", new CType("u64", 8, false)),
            Map.entry("__le16", new CType("u16", 2, false)), Map.entry("__le32", new CType("u32", 4, false)),
            Map.entry("__le64", new CType("u64", 8, false)),
            // linux/fs.h: typedef int __kernel_rwf_t
            Map.entry("__kernel_rwf_t", new CType("s32", 4, true)),
            Map.entry("char", new CType("s8", 1, true)), Map.entry("unsigned char", new CType("u8", 1, false)),
            Map.entry("short", new CType("s16", 2, true)), Map.entry("unsigned short", new CType("u16", 2, false)),
            Map.entry("int", new CType("s32", 4, true)), Map.entry("unsigned int", new CType("u32", 4, false)),
            Map.entry("unsigned", new CType("u32", 4, false)),
            Map.entry("long", new CType("s64", 8, true)), Map.entry("unsigned long", new CType("u64", 8, false)),
            Map.entry("long long", new CType("s64", 8, true)),
            Map.entry("unsigned long long", new CType("u64", 8, false)));

    /** The scalar type of a C type name (words joined by one space), or null. */
    static CType scalar(String cName) {
        return SCALARS.get(cName);
    }
}
