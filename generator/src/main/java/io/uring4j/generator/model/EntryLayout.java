package io.uring4j.generator.model;

import java.util.List;
import java.util.Optional;

/** The layout of the SQE or the CQE: normal and big (SQE128 / CQE32) sizes and every field. */
public record EntryLayout(String kind, int size, int bigSize, List<Field> fields) {
    public EntryLayout {
        fields = List.copyOf(fields);
    }

    public Optional<Field> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }
}
