package io.uring4j.generator.model;

import io.uring4j.generator.load.Loc;

/**
 * One parameter of a prep method.
 *
 * @param field        the SQE field that receives the value (or the address, for segments)
 * @param lenField     for buffer and array: the SQE field that receives the length or count
 * @param family       for flags: the flag family
 * @param struct       for struct: the spec struct whose size is the minimum segment size
 * @param minSize      for struct or cstring: minimum segment size in bytes
 * @param elemSize     for array: bytes per element; the count written is size / elemSize
 * @param defaultValue a Java literal used by the short overload, or null when required
 * @param covers       for segments: names of int parameters whose product the segment must hold,
 *                     in bytes (e.g. buffer count and buffer length)
 */
public record Param(String name, ParamType type, String field, String lenField, String family,
                    String struct, int minSize, int elemSize, boolean nullable, String defaultValue,
                    java.util.List<String> covers, String doc, Loc loc) {

    public Param {
        covers = java.util.List.copyOf(covers);
    }

    public boolean required() {
        return defaultValue == null;
    }
}
