package io.uring4j.generator.model;

import java.util.List;
import java.util.Optional;

/** The whole validated spec: the immutable input of every emitter. Lists keep file order. */
public record Spec(
        EntryLayout sqe,
        EntryLayout cqe,
        List<Opcode> opcodes,
        List<Family> families,
        List<Struct> structs,
        List<ErrnoEntry> errnos) {

    public Spec {
        opcodes = List.copyOf(opcodes);
        families = List.copyOf(families);
        structs = List.copyOf(structs);
        errnos = List.copyOf(errnos);
    }

    /** Opcodes that own a kernel value (no variants), in value order. */
    public List<Opcode> baseOpcodes() {
        return opcodes.stream().filter(o -> !o.isVariant())
                .sorted(java.util.Comparator.comparingInt(Opcode::value)).toList();
    }

    public Optional<Opcode> opcode(String name) {
        return opcodes.stream().filter(o -> o.name().equals(name)).findFirst();
    }

    public Optional<Family> family(String name) {
        return families.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    public Optional<Struct> struct(String name) {
        return structs.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
