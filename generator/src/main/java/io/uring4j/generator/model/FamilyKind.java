package io.uring4j.generator.model;

public enum FamilyKind {
    /** Values are OR-ed bits; describe() names each set bit. */
    BITS,
    /** Values are alternatives; describe() names the value. */
    ENUM
}
