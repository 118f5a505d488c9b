package io.uring4j.generator.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.uring4j.generator.model.Field;
import io.uring4j.generator.model.Opcode;
import io.uring4j.generator.model.Param;
import io.uring4j.generator.model.Spec;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashSet;
import java.util.Set;
import javax.lang.model.element.Modifier;

/** The generated Sqe's per-field writers, readers and public setters: one named method per SQE field the spec writes. */
final class SqeFieldWriters {
    private SqeFieldWriters() {}

    /** Names of the fields some prep method writes (opcode, parameter fields, fixed values). */
    static Set<String> writtenFields(Spec spec) {
        Set<String> out = new HashSet<>();
        out.add("opcode");
        out.add(SqeEmitter.USER_DATA_FIELD); // every prep writes the preset user_data
        for (Opcode o : spec.opcodes()) {
            for (Param p : o.params()) {
                out.add(p.field().name());
                if (p.lenField() != null) {
                    out.add(p.lenField().name());
                }
            }
            o.set().forEach(s -> out.add(s.field().name()));
        }
        return out;
    }

    /** {@code setFlags(int)}-style: a public field's offset and width turned into a memory write, for its setter. */
    static MethodSpec writer(Field f) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(writerName(f)).addModifiers(Modifier.PRIVATE)
                .addJavadoc("Writes {@code $L} (offset $L, $L $L).\n", f.name(), f.offset(), f.width(),
                        f.width() == 1 ? "byte" : "bytes");
        m.addParameter(f.width() == 8 ? TypeName.LONG : TypeName.INT, "value");
        m.addStatement(switch (f.width()) {
            case 1 -> CodeBlock.of("memory.set($T.JAVA_BYTE, base + $L, (byte) value)", ValueLayout.class, f.offset());
            case 2 -> CodeBlock.of("memory.set($T.JAVA_SHORT_UNALIGNED, base + $L, (short) value)",
                    ValueLayout.class, f.offset());
            case 4 -> CodeBlock.of("memory.set($T.JAVA_INT_UNALIGNED, base + $L, value)", ValueLayout.class, f.offset());
            default -> CodeBlock.of("memory.set($T.JAVA_LONG_UNALIGNED, base + $L, value)", ValueLayout.class,
                    f.offset());
        });
        return m.build();
    }

    static String writerName(Field f) {
        return "set" + Names.upperCamel(f.name());
    }

    /** A chaining setter for a public field (flags, user_data, personality), for use after a prep method. */
    static MethodSpec publicSetter(Field f, Field group) {
        TypeName t = f.width() == 8 ? TypeName.LONG : TypeName.INT;
        MethodSpec.Builder m = MethodSpec.methodBuilder(Names.camel(f.name())).addParameter(t, "value")
                .returns(Names.SQE).addModifiers(Modifier.PUBLIC, Modifier.FINAL);
        m.addJavadoc("Sets {@code $L}$L\n", f.name(), f.doc() == null ? "." : ": " + Names.sentence(f.doc()));
        if (f.family() != null) {
            // Adds rather than replaces: a variant's prep may already have set a flag here (BUFFER_SELECT).
            m.addJavadoc("<p>Adds to the flags already set (prep methods of some variants set one themselves).\n");
            m.addJavadoc("<p>Values: {@link $T}.\n", Names.family(f.family().name()));
        }
        m.addJavadoc("<p>Call it after the prep method, which writes the whole entry.\n");
        m.addJavadoc("@param value the value; must fit $L unsigned bits\n@return this entry\n", f.width() * 8);
        m.addJavadoc("@throws IllegalStateException before a prep method (which would overwrite it)\n");
        m.addJavadoc("@throws RingClosedException when the ring is closed (also by another thread during the call)\n");
        m.addStatement("requirePrepared($S)", Names.camel(f.name()));
        if (f.width() < 4) {
            m.addStatement("$T.$L(value, $S)", Names.CHECKS, f.width() == 1 ? "u8" : "u16", Names.camel(f.name()));
        }
        // A close on another thread can unmap the ring under the store: say so, as the prep methods do.
        m.beginControlFlow("try");
        if (f.family() != null) {
            m.addStatement("$L($L | value)", writerName(f), read(f));
            if (f.family().value("BUFFER_SELECT").isPresent() && group != null) {
                // BUFFER_SELECT added by hand: the request selects from the group in buf_group.
                m.beginControlFlow("if ((value & $T.BUFFER_SELECT) != 0)", Names.family(f.family().name()));
                m.addStatement("holdGroup($L & 0xFFFF)", read(group));
                m.endControlFlow();
            }
        } else {
            m.addStatement("$L(value)", writerName(f));
        }
        m.nextControlFlow("catch ($T e)", IllegalStateException.class);
        m.addStatement("throw closedOr(e, $S)", Names.camel(f.name()));
        m.endControlFlow();
        return m.addStatement("return this").build();
    }

    /** {@code fixedFile()}: the one way to say "fd is a registered-file index", when the spec has the flag. */
    static void fixedFile(Spec spec, TypeSpec.Builder type) {
        Field flags = spec.sqe().field("flags").orElse(null);
        if (flags == null || flags.family() == null || flags.family().value("FIXED_FILE").isEmpty()) {
            return;
        }
        ClassName family = Names.family(flags.family().name());
        type.addMethod(MethodSpec.methodBuilder("fixedFile").addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .returns(Names.SQE)
                .addJavadoc("""
                        Marks the entry's {@code fd} as an index into the ring's registered files
                        (IOSQE_FIXED_FILE) rather than a process descriptor. Call it after the prep method;
                        only opcodes that support fixed files accept it (see {@link $T#supports}).
                        @return this entry
                        @throws IllegalStateException before a prep method (which would overwrite it)
                        """, Names.OPCODE)
                .addStatement("return flags($T.FIXED_FILE)", family).build());
    }

    static CodeBlock read(Field f) {
        return switch (f.width()) {
            case 1 -> CodeBlock.of("memory.get($T.JAVA_BYTE, base + $L)", ValueLayout.class, f.offset());
            case 2 -> CodeBlock.of("memory.get($T.JAVA_SHORT_UNALIGNED, base + $L)", ValueLayout.class, f.offset());
            case 4 -> CodeBlock.of("memory.get($T.JAVA_INT_UNALIGNED, base + $L)", ValueLayout.class, f.offset());
            default -> CodeBlock.of("memory.get($T.JAVA_LONG_UNALIGNED, base + $L)", ValueLayout.class, f.offset());
        };
    }

    /** A byte-array field (the inline command area) as a slice of the current entry. */
    static MethodSpec area(Spec spec, Field f) {
        return MethodSpec.methodBuilder(Names.camel(f.name()) + "Area").addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .returns(MemorySegment.class)
                .addJavadoc("The {@code $L} bytes of the current entry ($L, or $L in a $L-byte entry) as a segment, to\n"
                        + "write inline command data after the prep method. Allocates a slice; bounded to the entry.\n"
                        + "@return a slice of the entry\n",
                        f.name(), f.width(), f.bigWidth(), spec.sqe().bigSize())
                .addStatement("return memory.asSlice(base + $L, span == BIG_SIZE ? $L : $L)", f.offset(),
                        f.bigWidth(), f.width())
                .build();
    }
}
