package io.uring4j.generator.model;

import java.util.List;

/**
 * A kernel struct the runtime reads or writes; its C name, byte size and fields.
 *
 * @param packed the C struct is packed (e.g. epoll_event on x86_64): members need not be aligned
 */
public record Struct(String name, int size, String doc, boolean packed, List<StructField> fields, Loc loc) {
    public Struct {
        fields = List.copyOf(fields);
    }
}
