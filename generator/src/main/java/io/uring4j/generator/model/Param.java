package io.uring4j.generator.model;

import java.util.List;

/**
 * One parameter of a prep method, with its references resolved to model objects by the loader.
 *
 * @param field        the SQE field that receives the value (or the address, for segments)
 * @param lenField     for buffer and array (and optionally struct): the SQE field that receives
 *                     the length or count, else null
 * @param family       the flag or value family (required for flags), else null
 * @param struct       for struct: the spec struct whose size is a minimum segment size, else null
 * @param minSize      for struct or cstring: a minimum segment size in bytes given directly
 * @param elemSize     for array: bytes per element; the count written is size / elemSize
 * @param defaultValue a Java literal used by the short overload, or null when required
 * @param covers       for segments: names of int parameters whose product the segment must hold,
 *                     in bytes (e.g. buffer count and buffer length)
 * @param bits         for int or long: how many low bits of the field the kernel reads (0: all);
 *                     a value outside {@code 0 .. 2^bits - 1} is refused, not truncated
 * @param pageAligned  for buffer: the segment must start and end on a page boundary (the kernel
 *                     works on whole pages, so a partial page would reach memory outside it)
 */
public record Param(String name, ParamType type, Field field, Field lenField, Family family,
                    Struct struct, int minSize, int elemSize, boolean nullable, String defaultValue,
                    List<String> covers, int bits, boolean pageAligned, String doc,
                    Loc loc) {

    public Param {
        covers = List.copyOf(covers);
    }

    public boolean required() {
        return defaultValue == null;
    }

    /** The Java name: {@code buf_group} is {@code bufGroup}. */
    public String javaName() {
        return JavaName.camel(name);
    }

    /**
     * True when the Java parameter is a {@code long}: a long, or flags of an 8-byte field. (An int
     * into an 8-byte field stays an int and is zero-extended.)
     */
    public boolean javaLong() {
        return type == ParamType.LONG || (type == ParamType.FLAGS && field.width() == 8);
    }

    /** The least byte size a segment argument must have: the struct's size or min_size, whichever is larger. */
    public long minSegmentSize() {
        return Math.max(struct == null ? 0 : struct.size(), minSize);
    }
}
