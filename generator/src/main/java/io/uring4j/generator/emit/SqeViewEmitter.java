package io.uring4j.generator.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.uring4j.generator.model.Field;
import io.uring4j.generator.model.Opcode;
import io.uring4j.generator.model.Param;
import io.uring4j.generator.model.ParamType;
import io.uring4j.generator.model.Spec;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.lang.model.element.Modifier;

/**
 * {@code SqeView}: a copy of a prepared SQE read back by the spec's field names, and described
 * by the names of its opcode's parameters (for logging and debugging; it allocates).
 */
final class SqeViewEmitter {
    private SqeViewEmitter() {}

    static final ClassName SQE_VIEW = ClassName.get(Names.RUNTIME_PACKAGE, "SqeView");
    private static final ClassName PARAM = SQE_VIEW.nestedClass("Param");

    static JavaFile emit(Spec spec) {
        TypeSpec.Builder type = TypeSpec.classBuilder(SQE_VIEW)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addAnnotation(Names.generated())
                .addJavadoc("""
                        A prepared submission entry read back: every SQE field by its spec name, and a description
                        that names the fields by the parameters of the entry's opcode. For logging and debugging:
                        {@link #of(Sqe)} copies the entry (it allocates), so the view stays valid after the slot is
                        submitted or reused.

                        {@snippet class=io.uring4j.snippets.ParitySnippets region=sqeView}
                        """)
                .addType(paramRecord())
                .addField(FieldSpec.builder(MemorySegment.class, "image", Modifier.PRIVATE, Modifier.FINAL).build())
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE)
                        .addParameter(MemorySegment.class, "image").addStatement("this.image = image").build())
                .addMethod(MethodSpec.methodBuilder("of").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                        .returns(SQE_VIEW).addParameter(Names.SQE, "sqe")
                        .addJavadoc("A copy of the entry {@code sqe} holds now.\n@param sqe a prepared entry\n"
                                + "@return the view\n")
                        .addStatement("$T.requireNonNull(sqe, $S)", Objects.class, "sqe")
                        .addStatement("return of(sqe.asSegment())").build())
                .addMethod(ofSegment(spec))
                .addMethod(MethodSpec.methodBuilder("size").addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
                        .addJavadoc("{@return bytes copied: $L, or $L for a 128-byte entry}\n", spec.sqe().size(), spec.sqe().bigSize())
                        .addStatement("return (int) image.byteSize()").build());
        List<Field> scalars = spec.sqe().fields().stream().filter(f -> !f.array() && f.width() > 0).toList();
        for (Field f : scalars) {
            type.addMethod(getter(f));
        }
        type.addMethod(op());
        type.addMethod(hasFlag(spec));
        type.addMethod(fieldNames(scalars));
        type.addMethod(field(scalars));
        type.addMethod(offset(scalars));
        type.addMethod(params(spec));
        type.addMethod(parameters());
        type.addMethod(describe(spec));
        type.addMethod(MethodSpec.methodBuilder("toString").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(String.class).addJavadoc("{@return {@link #describe()}}\n").addStatement("return describe()").build());
        return JavaFile.builder(Names.RUNTIME_PACKAGE, type.build()).skipJavaLangImports(true).indent("    ").build();
    }

    private static TypeSpec paramRecord() {
        return TypeSpec.recordBuilder(PARAM).addModifiers(Modifier.PRIVATE)
                .addJavadoc("One parameter of an opcode: its label, the SQE field it lives in, and whether it reads best in hex.\n")
                .recordConstructor(MethodSpec.constructorBuilder()
                        .addParameter(String.class, "label").addParameter(String.class, "field")
                        .addParameter(TypeName.BOOLEAN, "hex").build())
                .build();
    }

    private static MethodSpec ofSegment(Spec spec) {
        return MethodSpec.methodBuilder("of").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(SQE_VIEW).addParameter(MemorySegment.class, "entry")
                .addJavadoc("A copy of the SQE at the start of {@code entry} ($L bytes; $L when it holds a 128-byte entry).\n"
                        + "@param entry memory holding one SQE\n@return the view\n"
                        + "@throws IllegalArgumentException if {@code entry} is shorter than one SQE\n",
                        spec.sqe().size(), spec.sqe().bigSize())
                .addStatement("$T.requireNonNull(entry, $S)", Objects.class, "entry")
                .beginControlFlow("if (entry.byteSize() < $T.SIZE)", Names.SQE)
                .addStatement("throw new IllegalArgumentException($S + $T.SIZE + $S + entry.byteSize())",
                        "entry must hold one SQE of ", Names.SQE, " bytes, got ")
                .endControlFlow()
                .addStatement("long n = entry.byteSize() >= $T.BIG_SIZE ? $T.BIG_SIZE : $T.SIZE", Names.SQE, Names.SQE, Names.SQE)
                .addStatement("$T copy = $T.ofArray(new byte[(int) n])", MemorySegment.class, MemorySegment.class)
                .addStatement("copy.copyFrom(entry.asSlice(0, n))")
                .addStatement("return new $T(copy)", SQE_VIEW).build();
    }

    private static MethodSpec getter(Field f) {
        String unsigned = f.signed() ? "" : ", zero-extended";
        MethodSpec.Builder m = MethodSpec.methodBuilder(Names.camel(f.name())).addModifiers(Modifier.PUBLIC)
                .addJavadoc("The {@code $L} field ($L byte$L at offset $L$L)$L\n@return its value\n", f.name(), f.width(),
                        f.width() == 1 ? "" : "s", f.offset(), f.width() < 8 ? unsigned : "",
                        f.doc() == null ? "." : ": " + Names.sentence(f.doc()));
        switch (f.width()) {
            case 1 -> m.returns(TypeName.INT).addStatement(f.signed() ? "return image.get($T.JAVA_BYTE, $L)"
                    : "return Byte.toUnsignedInt(image.get($T.JAVA_BYTE, $L))", ValueLayout.class, f.offset());
            case 2 -> m.returns(TypeName.INT).addStatement(f.signed() ? "return image.get($T.JAVA_SHORT_UNALIGNED, $L)"
                    : "return Short.toUnsignedInt(image.get($T.JAVA_SHORT_UNALIGNED, $L))", ValueLayout.class, f.offset());
            case 4 -> m.returns(TypeName.INT).addStatement("return image.get($T.JAVA_INT_UNALIGNED, $L)", ValueLayout.class, f.offset());
            case 8 -> m.returns(TypeName.LONG).addStatement("return image.get($T.JAVA_LONG_UNALIGNED, $L)", ValueLayout.class, f.offset());
            default -> throw new IllegalStateException("SQE field " + f.name() + " has width " + f.width());
        }
        return m.build();
    }

    private static MethodSpec op() {
        return MethodSpec.methodBuilder("op").addModifiers(Modifier.PUBLIC).returns(Names.OPCODE)
                .addJavadoc("{@return the opcode named by {@link #opcode()}, or null when the spec has none with that value}\n")
                .addStatement("return $T.ofValue(opcode())", Names.OPCODE).build();
    }

    private static MethodSpec hasFlag(Spec spec) {
        Field flags = spec.sqe().field("flags").orElseThrow();
        ClassName family = Names.family(flags.family().name());
        return MethodSpec.methodBuilder("hasFlag").addModifiers(Modifier.PUBLIC).returns(TypeName.BOOLEAN)
                .addParameter(TypeName.INT, "flag")
                .addJavadoc("Whether the entry carries SQE flags.\n@param flag one or more {@link $T} bits\n@return whether all of them are set\n", family)
                .addStatement("return flag != 0 && (flags() & flag) == flag").build();
    }

    private static MethodSpec fieldNames(List<Field> scalars) {
        CodeBlock names = scalars.stream().map(f -> CodeBlock.of("$S", f.name())).collect(CodeBlock.joining(", "));
        return MethodSpec.methodBuilder("fieldNames").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(ParameterizedTypeName.get(List.class, String.class))
                .addJavadoc("{@return the spec names of every numeric SQE field, in layout order (union members included)}\n")
                .addStatement("return $T.of($L)", List.class, names).build();
    }

    private static MethodSpec field(List<Field> scalars) {
        CodeBlock.Builder sw = CodeBlock.builder().beginControlFlow("return switch (name)");
        for (Field f : scalars) {
            String get = Names.camel(f.name()) + "()";
            String expr = f.width() == 8 ? get : (f.width() == 4 && !f.signed()) ? "Integer.toUnsignedLong(" + get + ")" : get;
            sw.addStatement("case $S -> $L", f.name(), expr);
        }
        sw.addStatement("default -> throw new IllegalArgumentException($S + name + $S)",
                "name must be an SQE field of the spec (see fieldNames()), got '", "'");
        sw.unindent().add("};\n");
        return MethodSpec.methodBuilder("field").addModifiers(Modifier.PUBLIC).returns(TypeName.LONG)
                .addParameter(String.class, "name")
                .addJavadoc("A field by its spec name, e.g. {@code \"rw_flags\"}.\n@param name an SQE field name\n"
                        + "@return its value, sign-extended for signed fields and zero-extended otherwise\n"
                        + "@throws IllegalArgumentException for a name the SQE layout does not have\n")
                .addCode(sw.build()).build();
    }

    private static MethodSpec offset(List<Field> scalars) {
        CodeBlock.Builder sw = CodeBlock.builder().beginControlFlow("return switch (name)");
        for (Field f : scalars) {
            sw.addStatement("case $S -> $L", f.name(), f.offset());
        }
        sw.addStatement("default -> throw new IllegalArgumentException($S + name + $S)",
                "name must be an SQE field of the spec (see fieldNames()), got '", "'");
        sw.unindent().add("};\n");
        return MethodSpec.methodBuilder("offset").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(TypeName.INT)
                .addParameter(String.class, "name")
                .addJavadoc("The byte offset of a field in the SQE, by its spec name (for tests and tools that write an\n"
                        + "entry by hand).\n@param name an SQE field name\n@return its offset\n"
                        + "@throws IllegalArgumentException for a name the SQE layout does not have\n")
                .addCode(sw.build()).build();
    }

    /** For each kernel opcode, the parameters of it and its variants (by name, first use wins). */
    private static MethodSpec params(Spec spec) {
        CodeBlock.Builder sw = CodeBlock.builder().beginControlFlow("return switch (opcode)");
        for (Opcode base : spec.baseOpcodes()) {
            Map<String, CodeBlock> byLabel = new LinkedHashMap<>();
            for (Opcode o : spec.opcodes()) {
                if (o != base && o.variantOf() != base) {
                    continue;
                }
                for (Param p : o.params()) {
                    boolean hex = p.type().isSegment() || p.type() == ParamType.FLAGS;
                    byLabel.putIfAbsent(p.name() + "/" + p.field().name(), CodeBlock.of("new Param($S, $S, $L)",
                            p.name(), p.field().name(), hex));
                    if (p.lenField() != null) {
                        byLabel.putIfAbsent(p.name() + "/" + p.lenField().name(), CodeBlock.of("new Param($S, $S, false)",
                                p.name(), p.lenField().name()));
                    }
                }
            }
            if (byLabel.isEmpty()) {
                sw.add("case $L -> new Param[0]; // $L\n", base.value(), base.name());
            } else {
                sw.add("case $L -> new Param[] { // $L\n$>$>$L$<$<\n};\n", base.value(), base.name(),
                        CodeBlock.join(byLabel.values(), ",\n"));
            }
        }
        sw.addStatement("default -> new Param[0]");
        sw.unindent().add("};\n");
        return MethodSpec.methodBuilder("params").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(ArrayTypeName.of(PARAM))
                .addParameter(TypeName.INT, "opcode").addCode(sw.build()).build();
    }

    private static MethodSpec parameters() {
        return MethodSpec.methodBuilder("parameters").addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(Map.class, String.class, Long.class))
                .addJavadoc("""
                        The entry's opcode parameters (of the opcode and its variants, as the spec names them)
                        with the values of their fields, keyed {@code "param(field)"}, e.g. {@code "buf(addr)"}
                        and {@code "buf(len)"}; empty for an opcode the spec does not know.
                        @return the values in the spec's parameter order
                        """)
                .addStatement("$T<String, Long> out = new $T<>()", Map.class, LinkedHashMap.class)
                .beginControlFlow("for (Param p : params(opcode()))")
                .addStatement("out.put(p.label() + \"(\" + p.field() + \")\", field(p.field()))")
                .endControlFlow()
                .addStatement("return out").build();
    }

    private static MethodSpec describe(Spec spec) {
        Field flags = spec.sqe().field("flags").orElseThrow();
        ClassName family = Names.family(flags.family().name());
        return MethodSpec.methodBuilder("describe").addModifiers(Modifier.PUBLIC).returns(String.class)
                .addJavadoc("""
                        One line naming the opcode, its SQE flags, each parameter with its field and value, the
                        personality when set and the user data, e.g.
                        {@code READ flags=IO_LINK fd(fd)=5 buf(addr)=0x7f0c12340000 buf(len)=64 offset(off)=0 ... user_data=7}.
                        Addresses and flag words are in hex.
                        @return the description
                        """)
                .addStatement("$T op = op()", Names.OPCODE)
                .addStatement("StringBuilder out = new StringBuilder(op == null ? \"opcode \" + opcode() : op.name())")
                .addStatement("out.append(\" flags=\").append($T.describe(flags()))", family)
                .beginControlFlow("for (Param p : params(opcode()))")
                .addStatement("long v = field(p.field())")
                .addStatement("out.append(' ').append(p.label()).append('(').append(p.field()).append(\")=\")"
                        + ".append(p.hex() ? \"0x\" + Long.toHexString(v) : Long.toString(v))")
                .endControlFlow()
                .beginControlFlow("if (personality() != 0)")
                .addStatement("out.append(\" personality=\").append(personality())")
                .endControlFlow()
                .addStatement("return out.append(\" user_data=\").append(userData()).toString()").build();
    }
}
