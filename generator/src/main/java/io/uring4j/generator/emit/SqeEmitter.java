package io.uring4j.generator.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.uring4j.generator.model.Field;
import io.uring4j.generator.model.FixedValue;
import io.uring4j.generator.model.Opcode;
import io.uring4j.generator.model.Param;
import io.uring4j.generator.model.ParamType;
import io.uring4j.generator.model.Spec;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * The {@code Sqe} flyweight: field setters from the layout and one typed prep method per opcode and
 * variant. Segment parameters are checked by the runtime's {@code Checks} (native, alive, large
 * enough) before their address is written, so a prep method cannot point the kernel outside a live
 * segment. Prep methods clear the entry first; set {@code flags}/{@code userData} after them.
 */
final class SqeEmitter {
    private SqeEmitter() {}

    static JavaFile emit(Spec spec) {
        TypeSpec.Builder type = TypeSpec.classBuilder(Names.SQE)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .superclass(Names.SQE_CURSOR)
                .addAnnotation(Names.generated())
                .addJavadoc("""
                        A submission queue entry being written: a reusable view over one slot of the ring.
                        <p>A prep method (one per opcode and variant) clears the slot and writes the opcode and its
                        parameters; then set {@link #flags(int)}, {@link #userData(long)} or {@link #personality(int)}.
                        Segment parameters must be native and alive, and stay alive until the completion arrives:
                        the kernel reads or writes them asynchronously.
                        """)
                .addField(FieldSpec.builder(TypeName.INT, "SIZE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("Bytes in a normal SQE.\n").initializer("$L", spec.sqe().size()).build())
                .addField(FieldSpec.builder(TypeName.INT, "BIG_SIZE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("Bytes in an SQE of an SQE128 ring.\n").initializer("$L", spec.sqe().bigSize()).build())
                .addMethod(MethodSpec.constructorBuilder()
                        .addJavadoc("A view over SQEs of {@code entrySize} bytes in {@code memory}.\n")
                        .addParameter(MemorySegment.class, "memory").addParameter(TypeName.INT, "entrySize")
                        .addStatement("super(memory, entrySize)").build())
                .addMethod(MethodSpec.methodBuilder("over").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                        .returns(Names.SQE).addParameter(MemorySegment.class, "entry")
                        .addJavadoc("""
                                A view over one SQE in caller memory (e.g. the SQE argument of
                                IORING_REGISTER_SEND_MSG_RING, or a test): {@value #BIG_SIZE} bytes or more give a
                                big entry, else {@value #SIZE}.
                                @param entry native memory of at least {@value #SIZE} bytes
                                @return a new view
                                """)
                        .addStatement("return new $T(entry, entry.byteSize() >= BIG_SIZE ? BIG_SIZE : SIZE)", Names.SQE)
                        .build());
        for (Field f : spec.sqe().fields()) {
            type.addMethod(f.array() ? area(spec, f) : setter(f));
        }
        for (Opcode o : spec.opcodes()) {
            MethodSpec full = prep(spec, o);
            type.addMethod(full);
            MethodSpec shortForm = shortForm(spec, o);
            if (shortForm != null) {
                type.addMethod(shortForm);
            }
        }
        return JavaFile.builder(Names.RUNTIME_PACKAGE, type.build()).skipJavaLangImports(true).indent("    ").build();
    }

    /** Public fields get a chaining setter; the others a package-private raw one for the runtime. */
    private static MethodSpec setter(Field f) {
        String name = f.publicAccess() ? Names.camel(f.name()) : "set" + Names.upperCamel(f.name());
        TypeName t = f.width() == 8 ? TypeName.LONG : TypeName.INT;
        MethodSpec.Builder m = MethodSpec.methodBuilder(name).addParameter(t, "value").returns(Names.SQE);
        if (f.publicAccess()) {
            m.addModifiers(Modifier.PUBLIC, Modifier.FINAL);
            m.addJavadoc("Sets {@code $L}$L\n", f.name(), f.doc() == null ? "." : ": " + Names.doc(f.doc()));
            if (f.family() != null) {
                m.addJavadoc("<p>Values: {@link $T}.\n", Names.family(f.family()));
            }
            m.addJavadoc("@param value the value; must fit $L unsigned bits\n@return this entry\n", f.width() * 8);
            if (f.width() < 4) {
                m.addStatement("$T.$L(value, $S)", Names.CHECKS, f.width() == 1 ? "u8" : "u16", Names.camel(f.name()));
            }
        } else {
            m.addModifiers(Modifier.FINAL);
            m.addJavadoc("Raw write of {@code $L} (offset $L, $L bytes); no checks.\n", f.name(), f.offset(), f.width());
        }
        if (f.publicAccess() && f.family() != null) {
            // Adds rather than replaces: a variant's prep may already have set a flag here (BUFFER_SELECT).
            m.addJavadoc("<p>Adds to the flags already set (prep methods of some variants set one themselves).\n");
            m.addStatement(write(f, CodeBlock.of("$L | $L", read(f), "value")));
        } else {
            m.addStatement(write(f, CodeBlock.of("value")));
        }
        m.addStatement("return this");
        return m.build();
    }

    private static CodeBlock read(Field f) {
        return switch (f.width()) {
            case 1 -> CodeBlock.of("memory.get($T.JAVA_BYTE, base + $L)", ValueLayout.class, f.offset());
            case 2 -> CodeBlock.of("memory.get($T.JAVA_SHORT_UNALIGNED, base + $L)", ValueLayout.class, f.offset());
            case 4 -> CodeBlock.of("memory.get($T.JAVA_INT_UNALIGNED, base + $L)", ValueLayout.class, f.offset());
            default -> CodeBlock.of("memory.get($T.JAVA_LONG_UNALIGNED, base + $L)", ValueLayout.class, f.offset());
        };
    }

    /** A byte-array field (the inline command area) as a slice of the current entry. */
    private static MethodSpec area(Spec spec, Field f) {
        return MethodSpec.methodBuilder(Names.camel(f.name()) + "Area").addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .returns(MemorySegment.class)
                .addJavadoc("The {@code $L} bytes of the current entry ($L, or $L in a $L-byte entry) as a segment, to\n"
                        + "write inline command data after the prep method. Allocates a slice; bounded to the entry.\n",
                        f.name(), f.width(), f.bigWidth(), spec.sqe().bigSize())
                .addStatement("return memory.asSlice(base + $L, entrySize == BIG_SIZE ? $L : $L)", f.offset(),
                        f.bigWidth(), f.width())
                .build();
    }

    static CodeBlock write(Field f, CodeBlock value) {
        return switch (f.width()) {
            case 1 -> CodeBlock.of("memory.set($T.JAVA_BYTE, base + $L, (byte) ($L))", ValueLayout.class, f.offset(), value);
            case 2 -> CodeBlock.of("memory.set($T.JAVA_SHORT_UNALIGNED, base + $L, (short) ($L))", ValueLayout.class, f.offset(), value);
            case 4 -> CodeBlock.of("memory.set($T.JAVA_INT_UNALIGNED, base + $L, $L)", ValueLayout.class, f.offset(), value);
            default -> CodeBlock.of("memory.set($T.JAVA_LONG_UNALIGNED, base + $L, $L)", ValueLayout.class, f.offset(), value);
        };
    }

    private static MethodSpec prep(Spec spec, Opcode o) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(Names.camel(o.name()))
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL).returns(Names.SQE);
        m.addJavadoc(javadoc(spec, o));
        for (Param p : o.params()) {
            m.addParameter(javaType(spec, p), Names.camel(p.name()));
            m.addJavadoc("@param $L $L\n", Names.camel(p.name()), paramDoc(spec, p));
        }
        m.addJavadoc("@return this entry, to set flags or user data\n");
        m.addJavadoc("@throws IllegalArgumentException when a parameter breaks its rule (named in the message)\n");
        // Checks first: nothing is written unless every parameter is acceptable.
        List<CodeBlock> writes = new ArrayList<>();
        Map<String, List<String>> fixedByField = new LinkedHashMap<>();
        for (FixedValue s : o.set()) {
            fixedByField.computeIfAbsent(s.field(), k -> new ArrayList<>()).add(
                    FamilyEmitter.literal(s.resolved(), 64, field(spec, s.field()).width() == 8));
        }
        for (Param p : o.params()) {
            String v = Names.camel(p.name());
            Field f = field(spec, p.field());
            switch (p.type()) {
                case FD -> writes.add(write(f, CodeBlock.of("$L", v)));
                case INT, FLAGS -> {
                    if (f.width() < 4) {
                        m.addStatement("$T.$L($L, $S)", Names.CHECKS, f.width() == 1 ? "u8" : "u16", v, v);
                    }
                    List<String> fixed = fixedByField.remove(f.name());
                    String expr = fixed == null ? v : v + " | " + String.join(" | ", fixed);
                    writes.add(write(f, CodeBlock.of("$L", expr)));
                }
                case LONG -> writes.add(write(f, CodeBlock.of("$L", v)));
                case FILE_SLOT -> writes.add(write(f, CodeBlock.of("$T.fileSlot($L, $S)", Names.CHECKS, v, v)));
                case BUFFER -> {
                    m.addStatement("long $LAddress = $T.$L($L, $S)", v, Names.CHECKS,
                            p.nullable() ? "nullableAddress" : "address", v, v);
                    writes.add(write(f, CodeBlock.of("$LAddress", v)));
                    m.addStatement("int $LLength = $T.length($L, $S)", v, Names.CHECKS, v, v);
                    narrowLength(spec, m, p, v + "Length");
                    writes.add(write(field(spec, p.lenField()), CodeBlock.of("$LLength", v)));
                }
                case ARRAY -> {
                    m.addStatement("long $LAddress = $T.$L($L, $S)", v, Names.CHECKS,
                            p.nullable() ? "nullableAddress" : "address", v, v);
                    writes.add(write(f, CodeBlock.of("$LAddress", v)));
                    m.addStatement("int $LCount = $T.count($L, $L, $S)", v, Names.CHECKS, v, p.elemSize(), v);
                    writes.add(write(field(spec, p.lenField()), CodeBlock.of("$LCount", v)));
                }
                case STRUCT -> {
                    m.addStatement("long $LAddress = $T.struct($L, $L, $L, $S)", v, Names.CHECKS, v,
                            minSize(spec, p), p.nullable(), v);
                    writes.add(write(f, CodeBlock.of("$LAddress", v)));
                    if (p.lenField() != null) {
                        m.addStatement("int $LLength = $T.length($L, $S)", v, Names.CHECKS, v, v);
                        narrowLength(spec, m, p, v + "Length");
                        writes.add(write(field(spec, p.lenField()), CodeBlock.of("$LLength", v)));
                    }
                }
                case CSTRING -> {
                    m.addStatement("long $LAddress = $T.cString($L, $L, $S)", v, Names.CHECKS, v, p.nullable(), v);
                    writes.add(write(f, CodeBlock.of("$LAddress", v)));
                }
            }
        }
        for (Param p : o.params()) {
            if (!p.covers().isEmpty()) {
                CodeBlock product = CodeBlock.join(p.covers().stream().map(c -> coverTerm(o, c)).toList(), " * ");
                m.addStatement("$T.covers($L, $L, $S, $S)", Names.CHECKS, Names.camel(p.name()), product,
                        Names.camel(p.name()), String.join(" * ", p.covers().stream()
                                .map(c -> (isStruct(o, c) ? "*" : "") + Names.camel(c)).toList()));
            }
        }
        if (o.sqeSize() > spec.sqe().size()) {
            m.addStatement("requireEntrySize($L, $S)", o.sqeSize(), o.name());
        }
        m.addStatement("clear()");
        m.addStatement(write(field(spec, "opcode"), CodeBlock.of("$L", o.value())));
        for (var e : fixedByField.entrySet()) {
            writes.add(write(field(spec, e.getKey()), CodeBlock.of("$L", String.join(" | ", e.getValue()))));
        }
        writes.forEach(m::addStatement);
        m.addStatement("prepared = true");
        m.addStatement("return this");
        return m.build();
    }

    private static boolean isStruct(Opcode o, String name) {
        return o.params().stream().anyMatch(q -> q.name().equals(name) && q.type() == ParamType.STRUCT);
    }

    /** One factor of a covers check: an int or long parameter, or the u32 length stored in a struct one. */
    private static CodeBlock coverTerm(Opcode o, String name) {
        ParamType t = o.params().stream().filter(q -> q.name().equals(name)).findFirst().orElseThrow().type();
        return switch (t) {
            case LONG -> CodeBlock.of("$L", Names.camel(name));
            case STRUCT -> CodeBlock.of("$T.storedLength($L)", Names.CHECKS, Names.camel(name));
            default -> CodeBlock.of("Integer.toUnsignedLong($L)", Names.camel(name));
        };
    }

    /** A length going into a field narrower than 32 bits is range-checked, not truncated. */
    private static void narrowLength(Spec spec, MethodSpec.Builder m, Param p, String var) {
        int width = field(spec, p.lenField()).width();
        if (width < 4) {
            m.addStatement("$T.$L($L, $S)", Names.CHECKS, width == 1 ? "u8" : "u16", var,
                    Names.camel(p.name()) + " size");
        }
    }

    /** The overload without defaulted parameters, or null when every parameter is required. */
    private static MethodSpec shortForm(Spec spec, Opcode o) {
        if (o.params().stream().allMatch(Param::required)) {
            return null;
        }
        MethodSpec.Builder m = MethodSpec.methodBuilder(Names.camel(o.name()))
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL).returns(Names.SQE);
        CodeBlock.Builder paramDocs = CodeBlock.builder();
        List<String> args = new ArrayList<>();
        List<String> defaults = new ArrayList<>();
        for (Param p : o.params()) {
            String v = Names.camel(p.name());
            if (p.required()) {
                m.addParameter(javaType(spec, p), v);
                paramDocs.add("@param $L $L\n", v, paramDoc(spec, p));
                args.add(v);
            } else {
                boolean wide = javaType(spec, p) == TypeName.LONG;
                args.add(p.type().isSegment() ? "null" : FamilyEmitter.literal(io.uring4j.generator.load.Constants.parseNumber(p.defaultValue()), 64, wide));
                defaults.add("{@code " + v + " = " + p.defaultValue() + "}");
            }
        }
        String signature = String.join(", ", o.params().stream()
                .map(p -> javaType(spec, p) == TypeName.INT ? "int" : javaType(spec, p) == TypeName.LONG ? "long"
                        : "MemorySegment").toList());
        m.addJavadoc("Same as {@link #$L($L)} with $L.\n\n", Names.camel(o.name()), signature,
                        String.join(", ", defaults))
                .addJavadoc(paramDocs.build())
                .addJavadoc("@return this entry\n");
        return m.addStatement("return $L($L)", Names.camel(o.name()), String.join(", ", args)).build();
    }

    private static CodeBlock javadoc(Spec spec, Opcode o) {
        CodeBlock.Builder d = CodeBlock.builder();
        d.add("$L\n", Names.doc(o.summary()));
        d.add("<p>{@code IORING_OP_$L}$L, since Linux $L; see {@link $T#$L}.\n", o.baseName(),
                o.isVariant() ? " (variant " + o.name() + ")" : "", o.since(), Names.OPCODE, o.baseName());
        if (o.doc() != null) {
            d.add("<p>$L\n", Names.doc(o.doc()));
        }
        d.add("<p>Completion: on success {@code res} is $L$L.", Names.doc(o.res().meaning()),
                o.resDoc() == null ? "" : " (" + Names.doc(o.resDoc()) + ")");
        if (!o.cqeFlags().isEmpty()) {
            d.add(" CQE flags it may set: $L.", String.join(", ", o.cqeFlags()));
        }
        d.add("\n");
        if (o.sqeSize() > spec.sqe().size()) {
            d.add("<p>Needs a ring with $L-byte SQEs.\n", o.sqeSize());
        }
        if (!o.set().isEmpty()) {
            d.add("<p>Also writes: $L.\n", String.join(", ", o.set().stream()
                    .map(s -> "{@code " + s.field() + " |= " + s.value() + "}").toList()));
        }
        d.add("\n");
        return d.build();
    }

    private static String paramDoc(Spec spec, Param p) {
        StringBuilder s = new StringBuilder(p.doc() == null ? p.name() : Names.doc(p.doc()));
        if (!s.toString().endsWith(".")) {
            s.append('.');
        }
        switch (p.type()) {
            case BUFFER -> s.append(" A native segment; its address goes to {@code ").append(p.field())
                    .append("} and its byte size to {@code ").append(p.lenField()).append("}.");
            case ARRAY -> s.append(" A native segment of ").append(p.elemSize())
                    .append("-byte elements; the element count goes to {@code ").append(p.lenField()).append("}.");
            case STRUCT -> s.append(" A native segment of at least ").append(minSize(spec, p)).append(" bytes")
                    .append(p.struct() != null ? " ({@code struct " + p.struct() + "})" : "").append('.');
            case CSTRING -> s.append(" A native segment holding a NUL-terminated string.");
            case FILE_SLOT -> s.append(" Registered-file slot (0-based), or -1 to let the kernel pick one.");
            case FLAGS -> s.append(" Flags from {@link ").append(Names.family(p.family()).canonicalName()).append("}.");
            default -> {
                if (p.family() != null) {
                    s.append(" Values from {@link ").append(Names.family(p.family()).canonicalName()).append("}.");
                }
            }
        }
        if (p.nullable()) {
            s.append(" May be {@code null}.");
        }
        if (p.defaultValue() != null) {
            s.append(" Default ").append(p.defaultValue()).append('.');
        }
        return s.toString();
    }

    private static TypeName javaType(Spec spec, Param p) {
        return switch (p.type()) {
            case FD, INT, FILE_SLOT -> TypeName.INT;
            case LONG -> TypeName.LONG;
            case FLAGS -> field(spec, p.field()).width() == 8 ? TypeName.LONG : TypeName.INT;
            case BUFFER, ARRAY, STRUCT, CSTRING -> TypeName.get(MemorySegment.class);
        };
    }

    private static long minSize(Spec spec, Param p) {
        long fromStruct = p.struct() == null ? 0 : spec.struct(p.struct()).orElseThrow().size();
        return Math.max(fromStruct, p.minSize());
    }

    private static Field field(Spec spec, String name) {
        return spec.sqe().field(name).orElseThrow();
    }
}
