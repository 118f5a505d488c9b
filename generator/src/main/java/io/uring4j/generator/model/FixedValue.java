package io.uring4j.generator.model;

/**
 * A constant an opcode entry always writes to a field (e.g. the multishot bit of a variant).
 * {@code value} is the spec text, a number or {@code Family.NAME} terms joined with {@code |};
 * {@code resolved} its value. Several on one field are OR-ed together and with a flags parameter
 * on that field.
 */
public record FixedValue(Field field, String value, long resolved, Loc loc) {}
