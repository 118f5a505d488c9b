package io.uring4j.generator.model;

import io.uring4j.generator.load.Loc;
import java.util.List;

/** A kernel struct the runtime reads or writes; its C name, byte size and fields. */
public record Struct(String name, int size, String doc, List<StructField> fields, Loc loc) {
    public Struct {
        fields = List.copyOf(fields);
    }
}
