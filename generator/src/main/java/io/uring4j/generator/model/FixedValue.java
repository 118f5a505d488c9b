package io.uring4j.generator.model;

import io.uring4j.generator.load.Loc;

/**
 * A constant an opcode entry always writes to a field (e.g. the multishot bit of a variant).
 * {@code value} is a number or {@code Family.NAME}; several on one field are OR-ed together and
 * with a flags parameter on that field.
 */
public record FixedValue(String field, String value, long resolved, Loc loc) {}
