package io.uring4j.generator.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.uring4j.generator.model.Family;
import io.uring4j.generator.model.FamilyKind;
import io.uring4j.generator.model.FlagValue;
import javax.lang.model.element.Modifier;

/** One final class per flag family: typed constants and {@code describe}, which names a value. */
final class FamilyEmitter {
    private FamilyEmitter() {}

    static JavaFile emit(Family f) {
        boolean wide = f.width() == 64;
        TypeName t = wide ? TypeName.LONG : TypeName.INT;
        TypeSpec.Builder type = TypeSpec.classBuilder(f.name())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addAnnotation(Names.generated())
                .addJavadoc("$L\n\n<p>C names {@code $L*}; $L, $L bits wide.\n", Names.doc(f.summary() == null
                        ? "The " + f.cPrefix() + "* constants." : f.summary()), f.cPrefix(),
                        f.kind() == FamilyKind.BITS ? "bit flags, combined with |" : "an enumeration", f.width())
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        for (FlagValue v : f.values()) {
            type.addField(constant(f, v, t, wide));
        }
        for (FlagValue v : f.constants()) {
            // A related constant may be wider than the family's field (IORING_ZCRX_AREA_MASK masks
            // a 64-bit offset, the area flags are 32 bits): such a constant is a long.
            boolean fits = wide || (v.value() >= Integer.MIN_VALUE && v.value() <= 0xFFFF_FFFFL);
            type.addField(constant(f, v, fits ? t : TypeName.LONG, !fits || wide));
        }
        type.addMethod(f.kind() == FamilyKind.BITS ? describeBits(f, t, wide) : describeEnum(f, t, wide));
        type.addMethod(members(f, t));
        type.addMethod(since(f, t));
        return JavaFile.builder(Names.FLAGS_PACKAGE, type.build()).skipJavaLangImports(true).indent("    ").build();
    }

    private static FieldSpec constant(Family f, FlagValue v, TypeName t, boolean wide) {
        CodeBlock.Builder doc = CodeBlock.builder().add("{@code $L}", v.cName() != null ? v.cName() : f.cPrefix() + v.name());
        if (v.doc() != null) {
            doc.add(": $L", Names.doc(v.doc()));
        }
        doc.add("\n");
        if (v.arg() != null) {
            doc.add("<p>Argument: $L\n", Names.doc(v.arg()));
        }
        if (v.nr() != null) {
            doc.add("<p>nr_args: $L\n", Names.doc(v.nr()));
        }
        if (v.since() != null) {
            doc.add("<p>Since Linux $L.\n", v.since());
        }
        return FieldSpec.builder(t, v.name(), Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc(doc.build())
                .initializer(literal(v.value(), f.width(), wide))
                .build();
    }

    /** A literal of the field's type; values above Integer.MAX_VALUE in 32 bits are written in hex. */
    static String literal(long value, int width, boolean wide) {
        if (wide) {
            return value < 0 || value > 0xFFFF ? "0x" + Long.toHexString(value) + "L" : value + "L";
        }
        int v = (int) value;
        return v < 0 || v > 0xFFFF ? "0x" + Integer.toHexString(v) : Integer.toString(v);
    }

    private static MethodSpec describeBits(Family f, TypeName t, boolean wide) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("describe")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(String.class)
                .addParameter(t, "value")
                .addJavadoc("Names the set bits of {@code value}, joined with '|'; unknown bits appear in hex, 0 as \"0\".\n"
                        + "@param value a combination of this family's bits\n@return the names, e.g. {@code \"A|B\"}\n")
                .addStatement("$T out = new $T()", StringBuilder.class, StringBuilder.class)
                .addStatement("$T rest = value", t);
        for (FlagValue v : f.values()) {
            if (v.value() == 0) {
                continue;
            }
            m.beginControlFlow("if ((rest & $L) == $L)", v.name(), v.name())
                    .addStatement("out.append(out.isEmpty() ? $S : $S)", v.name(), "|" + v.name())
                    .addStatement("rest &= ~$L", v.name())
                    .endControlFlow();
        }
        m.beginControlFlow("if (rest != 0)")
                .addStatement("out.append(out.isEmpty() ? $S : $S).append($T.toHexString(rest))", "0x", "|0x",
                        wide ? Long.class : Integer.class)
                .endControlFlow()
                .addStatement("return out.isEmpty() ? $S : out.toString()", "0");
        return m.build();
    }

    /** {@code members()}: the values in spec order, so a caller can list them (e.g. what a kernel lacks). */
    private static MethodSpec members(Family f, TypeName t) {
        CodeBlock.Builder list = CodeBlock.builder();
        for (int i = 0; i < f.values().size(); i++) {
            list.add(i == 0 ? "$L" : ", $L", f.values().get(i).name());
        }
        return MethodSpec.methodBuilder("members").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(com.palantir.javapoet.ArrayTypeName.of(t))
                .addJavadoc("The family's values (not its related constants), in spec order.\n"
                        + "@return a new array of the values\n")
                .addStatement("return new $T[] {$L}", t, list.build())
                .build();
    }

    /** {@code since(value)}: the kernel version from the spec, for "needs Linux x.y" messages. */
    private static MethodSpec since(Family f, TypeName t) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("since").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(String.class).addParameter(t, "value")
                .addJavadoc("The Linux version that added {@code value}, a single value of this family.\n"
                        + "@param value one of {@link #members()}\n"
                        + "@return major.minor, e.g. {@code \"6.19\"}, or null when the spec gives none or has no such value\n");
        for (FlagValue v : f.values()) {
            if (v.since() != null) {
                m.beginControlFlow("if (value == $L)", v.name()).addStatement("return $S", v.since()).endControlFlow();
            }
        }
        m.addStatement("return null");
        return m.build();
    }

    private static MethodSpec describeEnum(Family f, TypeName t, boolean wide) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("describe")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(String.class)
                .addParameter(t, "value")
                .addJavadoc("Names {@code value}, or gives it in hex when the family has no such value.\n"
                        + "@param value one of this family's values\n@return its name, or hex\n");
        for (FlagValue v : f.values()) {
            m.beginControlFlow("if (value == $L)", v.name()).addStatement("return $S", v.name()).endControlFlow();
        }
        m.addStatement("return $S + $T.toHexString(value)", "0x", wide ? Long.class : Integer.class);
        return m.build();
    }
}
