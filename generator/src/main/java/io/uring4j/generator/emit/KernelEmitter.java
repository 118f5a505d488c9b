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
import io.uring4j.generator.model.Capability;
import io.uring4j.generator.model.ErrnoEntry;
import io.uring4j.generator.model.Opcode;
import io.uring4j.generator.model.ResKind;
import io.uring4j.generator.model.Spec;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/** The kernel-level enums: Opcode (with capabilities), ResultKind and Errno. */
final class KernelEmitter {
    private KernelEmitter() {}

    static JavaFile resultKind() {
        TypeSpec.Builder e = TypeSpec.enumBuilder(Names.RESULT_KIND)
                .addModifiers(Modifier.PUBLIC)
                .addAnnotation(Names.generated())
                .addJavadoc("What a successful completion's {@code res} means for an opcode.\n");
        for (ResKind k : ResKind.values()) {
            e.addEnumConstant(k.name(), TypeSpec.anonymousClassBuilder("").addJavadoc("$L.\n",
                    Names.doc(k.meaning())).build());
        }
        return JavaFile.builder(Names.KERNEL_PACKAGE, e.build()).skipJavaLangImports(true).indent("    ").build();
    }

    static JavaFile opcode(Spec spec) {
        ClassName cap = Names.OPCODE.nestedClass("Capability");
        TypeSpec.Builder capEnum = TypeSpec.enumBuilder(cap).addModifiers(Modifier.PUBLIC)
                .addJavadoc("What an opcode can do besides its plain form.\n");
        for (Capability c : Capability.values()) {
            capEnum.addEnumConstant(c.name(), TypeSpec.anonymousClassBuilder("")
                    .addJavadoc("The opcode $L.\n", Names.doc(c.meaning())).build());
        }
        TypeSpec.Builder e = TypeSpec.enumBuilder(Names.OPCODE)
                .addModifiers(Modifier.PUBLIC)
                .addAnnotation(Names.generated())
                .addJavadoc("Every {@code IORING_OP_*} the spec knows, in value order, with the kernel version that\n"
                        + "added it, what its result means and what it supports. Variants (the same opcode\n"
                        + "encoded another way) are prep methods of {@link $T}, listed in {@link #variants()}.\n",
                        Names.SQE)
                .addType(capEnum.build());
        for (Opcode o : spec.baseOpcodes()) {
            List<Opcode> variants = spec.opcodes().stream()
                    .filter(v -> v.variantOf() == o).toList();
            String caps = o.supports().stream().sorted().map(c -> "Capability." + c.name())
                    .collect(Collectors.joining(", "));
            String[] version = o.since().split("\\.");
            String variantNames = variants.stream().map(v -> "\"" + v.name() + "\"")
                    .collect(Collectors.joining(", "));
            CodeBlock doc = CodeBlock.builder()
                    .add("{@code IORING_OP_$L} ($L, since Linux $L): $L\n", o.name(), o.value(), o.since(),
                            Names.doc(o.summary()))
                    .add("<p>Prep: {@link $T#$L}$L.\n", Names.SQE, Names.camel(o.name()),
                            variants.isEmpty() ? "" : variants.stream()
                                    .map(v -> ", {@link " + Names.SQE.simpleName() + "#" + Names.camel(v.name()) + "}")
                                    .collect(Collectors.joining()))
                    .build();
            e.addEnumConstant(o.name(), TypeSpec.anonymousClassBuilder(
                    "$L, $L, $L, $S, $T.$L, $L, $T.$L($L), new String[] {$L}",
                    o.value(), version[0], version[1], o.summary(), Names.RESULT_KIND, o.res().name(), o.sqeSize(),
                    EnumSet.class, caps.isEmpty() ? "noneOf" : "of", caps.isEmpty() ? "Capability.class" : caps,
                    variantNames).addJavadoc(doc).build());
        }
        TypeName capSet = ParameterizedTypeName.get(ClassName.get(Set.class), cap);
        e.addField(TypeName.INT, "value", Modifier.PRIVATE, Modifier.FINAL)
                .addField(TypeName.INT, "sinceMajor", Modifier.PRIVATE, Modifier.FINAL)
                .addField(TypeName.INT, "sinceMinor", Modifier.PRIVATE, Modifier.FINAL)
                .addField(String.class, "summary", Modifier.PRIVATE, Modifier.FINAL)
                .addField(Names.RESULT_KIND, "result", Modifier.PRIVATE, Modifier.FINAL)
                .addField(TypeName.INT, "sqeSize", Modifier.PRIVATE, Modifier.FINAL)
                .addField(capSet, "capabilities", Modifier.PRIVATE, Modifier.FINAL)
                .addField(ArrayTypeName.of(String.class), "variants", Modifier.PRIVATE, Modifier.FINAL)
                .addField(FieldSpec.builder(ArrayTypeName.of(Names.OPCODE), "BY_VALUE", Modifier.PRIVATE,
                        Modifier.STATIC, Modifier.FINAL).initializer("new $T[$L]", Names.OPCODE,
                        spec.baseOpcodes().stream().mapToInt(Opcode::value).max().orElse(-1) + 1).build())
                .addStaticBlock(CodeBlock.builder()
                        .beginControlFlow("for ($T o : values())", Names.OPCODE)
                        .addStatement("BY_VALUE[o.value] = o")
                        .endControlFlow().build())
                .addMethod(MethodSpec.constructorBuilder()
                        .addParameter(TypeName.INT, "value").addParameter(TypeName.INT, "sinceMajor")
                        .addParameter(TypeName.INT, "sinceMinor")
                        .addParameter(String.class, "summary").addParameter(Names.RESULT_KIND, "result")
                        .addParameter(TypeName.INT, "sqeSize")
                        .addParameter(ParameterizedTypeName.get(ClassName.get(EnumSet.class), cap), "capabilities")
                        .addParameter(ArrayTypeName.of(String.class), "variants")
                        .addStatement("this.value = value").addStatement("this.sinceMajor = sinceMajor")
                        .addStatement("this.sinceMinor = sinceMinor")
                        .addStatement("this.summary = summary").addStatement("this.result = result")
                        .addStatement("this.sqeSize = sqeSize")
                        .addStatement("this.capabilities = $T.unmodifiableSet(capabilities)", Collections.class)
                        .addStatement("this.variants = variants").build())
                .addMethod(getter("value", TypeName.INT, "The {@code IORING_OP_*} value written to the SQE."))
                .addMethod(MethodSpec.methodBuilder("since").addModifiers(Modifier.PUBLIC).returns(String.class)
                        .addJavadoc("The kernel version that added the opcode, e.g. {@code \"5.6\"}.\n"
                                + "@return major.minor\n")
                        .addStatement("return sinceMajor + $S + sinceMinor", ".").build())
                .addMethod(getter("summary", ClassName.get(String.class), "One line on what the opcode does."))
                .addMethod(getter("result", Names.RESULT_KIND, "What {@code res} of a successful completion means."))
                .addMethod(getter("sqeSize", TypeName.INT, "Bytes of SQE the opcode needs: 64, or 128 (an SQE128 ring)."))
                .addMethod(getter("capabilities", capSet, "What the opcode supports besides its plain form (unmodifiable)."))
                .addMethod(MethodSpec.methodBuilder("variants").addModifiers(Modifier.PUBLIC)
                        .returns(ParamList.STRINGS)
                        .addJavadoc("Names of the variants that share this opcode's value (spec entry names).\n"
                                + "@return the variant names, possibly empty\n")
                        .addStatement("return $T.of(variants)", List.class).build())
                .addMethod(MethodSpec.methodBuilder("supports").addModifiers(Modifier.PUBLIC)
                        .returns(TypeName.BOOLEAN).addParameter(cap, "capability")
                        .addJavadoc("True when the spec marks the opcode with {@code capability}.\n"
                                + "@param capability what to ask about\n@return whether the opcode supports it\n")
                        .addStatement("return capabilities.contains(capability)").build())
                .addMethod(getter("sinceMajor", TypeName.INT, "Major part of {@link #since()}."))
                .addMethod(getter("sinceMinor", TypeName.INT, "Minor part of {@link #since()}."))
                .addMethod(MethodSpec.methodBuilder("ofValue").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                        .returns(Names.OPCODE).addParameter(TypeName.INT, "value")
                        .addJavadoc("The opcode with this value, or {@code null} when the spec has none.\n"
                                + "@param value an {@code IORING_OP_*} value\n@return the opcode, or null\n")
                        .addStatement("return value >= 0 && value < BY_VALUE.length ? BY_VALUE[value] : null").build());
        return JavaFile.builder(Names.KERNEL_PACKAGE, e.build()).skipJavaLangImports(true).indent("    ").build();
    }

    private static MethodSpec getter(String name, TypeName type, String doc) {
        return MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC).returns(type)
                .addJavadoc(doc + "\n@return the " + name + "\n").addStatement("return $L", name).build();
    }

    static JavaFile errno(Spec spec) {
        TypeSpec.Builder e = TypeSpec.enumBuilder(Names.ERRNO)
                .addModifiers(Modifier.PUBLIC)
                .addAnnotation(Names.generated())
                .addJavadoc("Linux errno values (x86_64). A failed completion carries {@code -value} in {@code res}.\n");
        int max = 0;
        for (ErrnoEntry x : spec.errnos()) {
            max = Math.max(max, x.value());
            e.addEnumConstant(x.name(), TypeSpec.anonymousClassBuilder("$L, $S", x.value(),
                    x.doc() == null ? x.name() : x.doc()).addJavadoc("$L ($L).\n",
                    Names.doc(x.doc() == null ? x.name() : x.doc()), x.value()).build());
        }
        e.addField(TypeName.INT, "value", Modifier.PRIVATE, Modifier.FINAL)
                .addField(String.class, "description", Modifier.PRIVATE, Modifier.FINAL)
                .addField(FieldSpec.builder(ArrayTypeName.of(Names.ERRNO), "BY_VALUE", Modifier.PRIVATE,
                        Modifier.STATIC, Modifier.FINAL).initializer("new $T[$L]", Names.ERRNO, max + 1).build())
                .addStaticBlock(CodeBlock.builder()
                        .beginControlFlow("for ($T e : values())", Names.ERRNO)
                        .addStatement("BY_VALUE[e.value] = e")
                        .endControlFlow().build())
                .addMethod(MethodSpec.constructorBuilder().addParameter(TypeName.INT, "value")
                        .addParameter(String.class, "description")
                        .addStatement("this.value = value").addStatement("this.description = description").build())
                .addMethod(getter("value", TypeName.INT, "The positive errno value."))
                .addMethod(getter("description", ClassName.get(String.class), "The strerror-style text."))
                .addMethod(MethodSpec.methodBuilder("of").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                        .returns(Names.ERRNO).addParameter(TypeName.INT, "value")
                        .addJavadoc("The errno with this positive value, or {@code null} when the spec has none.\n"
                                + "@param value a positive errno value\n@return the errno, or null\n")
                        .addStatement("return value > 0 && value < BY_VALUE.length ? BY_VALUE[value] : null").build())
                .addMethod(MethodSpec.methodBuilder("nameOf").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                        .returns(String.class).addParameter(TypeName.INT, "value")
                        .addJavadoc("The errno's name, e.g. {@code \"EAGAIN\"}, or {@code \"E<value>\"} when unknown.\n"
                                + "@param value a positive errno value\n@return its name\n")
                        .addStatement("$T e = of(value)", Names.ERRNO)
                        .addStatement("return e == null ? $S + value : e.name()", "E").build());
        return JavaFile.builder(Names.KERNEL_PACKAGE, e.build()).skipJavaLangImports(true).indent("    ").build();
    }
}
