package io.uring4j.generator.emit;

import com.palantir.javapoet.CodeBlock;
import io.uring4j.generator.model.Opcode;
import io.uring4j.generator.model.Param;
import io.uring4j.generator.model.Spec;

/** The Javadoc of the generated prep methods and their parameters, from the spec's summaries and docs. */
final class SqeDocs {
    private SqeDocs() {}

    static CodeBlock javadoc(Spec spec, Opcode o) {
        CodeBlock.Builder d = CodeBlock.builder();
        d.add("$L\n", Names.sentence(o.summary()));
        d.add("<p>{@code IORING_OP_$L}$L, since Linux $L; see {@link $T#$L}.\n", o.baseName(),
                o.isVariant() ? " (variant " + o.name() + ")" : "", o.since(), Names.OPCODE, o.baseName());
        if (o.doc() != null) {
            d.add("<p>$L\n", Names.sentence(o.doc()));
        }
        d.add("<p>Completion: on success {@code res} is $L.", Names.doc(o.res().meaning()));
        if (o.resDoc() != null) {
            d.add(" $L", Names.sentence(o.resDoc()));
        }
        if (!o.cqeFlags().isEmpty()) {
            d.add(" CQE flags it may set: $L.", String.join(", ", o.cqeFlags()));
        }
        d.add("\n");
        if (o.params().stream().anyMatch(p -> p.type().isSegment())) {
            d.add("<p>Memory: the ring holds each segment argument until the final completion (a collector cannot"
                    + " free it); closing its arena before then is reported, not prevented, unless it is an"
                    + " {@link IoArena}. Memory the segments point to (addresses inside them, {@code reinterpret()}ed"
                    + " sizes) is the caller's to keep alive.\n");
        }
        if (o.sqeSize() > spec.sqe().size()) {
            d.add("<p>Needs a ring with $L-byte SQEs.\n", o.sqeSize());
        }
        if (!o.set().isEmpty()) {
            d.add("<p>Also writes: $L.\n", String.join(", ", o.set().stream()
                    .map(s -> "{@code " + s.field().name() + " |= " + s.value() + "}").toList()));
        }
        d.add("\n");
        return d.build();
    }

    static String paramDoc(Spec spec, Param p) {
        StringBuilder s = new StringBuilder(p.doc() == null ? "" : Names.sentence(p.doc()));
        switch (p.type()) {
            case BUFFER -> s.append(p.pageAligned() ? " Page-aligned in address and size (the kernel works on whole pages)." : "")
                    .append(" A native segment; its address goes to {@code ").append(p.field().name())
                    .append("} and its byte size to {@code ").append(p.lenField().name()).append("}.");
            case ARRAY -> s.append(" A native segment of ").append(p.elemSize())
                    .append("-byte elements; the element count goes to {@code ").append(p.lenField().name()).append("}.");
            case STRUCT -> s.append(" A native segment of at least ").append(p.minSegmentSize()).append(" bytes")
                    .append(p.struct() != null ? " ({@code struct " + p.struct().name() + "})" : "").append('.');
            case CSTRING -> s.append(" A native segment holding a NUL-terminated string.");
            case FILE_SLOT -> s.append(" Registered-file slot (0-based), or -1 to let the kernel pick one.");
            case IOVECS -> s.append(" Checked iovecs: every entry is a live native segment; the entry count goes to {@code ")
                    .append(p.lenField().name()).append("}.");
            case MSGHDR -> s.append(" Checked header: its iovecs, name and control space are live native segments.");
            case FLAGS -> s.append(" Flags from {@link ").append(Names.family(p.family().name()).canonicalName()).append("}.");
            default -> {
                if (p.family() != null) {
                    s.append(" Values from {@link ").append(Names.family(p.family().name()).canonicalName()).append("}.");
                }
            }
        }
        if (p.nullable()) {
            s.append(" May be {@code null}.");
        }
        if (p.defaultValue() != null) {
            s.append(" Default ").append(p.defaultValue()).append('.');
        }
        return s.toString().strip();
    }
}
