package io.uring4j.generator.model;


/**
 * One named value of a family.
 *
 * @param since kernel version that added it, or null when the family's own is meant
 * @param arg   for register opcodes: what the argument points to
 * @param nr    for register opcodes: what nr_args counts
 * @param cName the C name when it is not prefix + name (e.g. IORING_CQE_F_32, whose name is no Java identifier)
 */
public record FlagValue(String name, long value, String since, String doc, String arg, String nr, String cName,
                        Loc loc) {}
