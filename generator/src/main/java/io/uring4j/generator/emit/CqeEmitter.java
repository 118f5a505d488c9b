package io.uring4j.generator.emit;

import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.uring4j.generator.model.Family;
import io.uring4j.generator.model.Field;
import io.uring4j.generator.model.FlagValue;
import io.uring4j.generator.model.Spec;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import javax.lang.model.element.Modifier;

/**
 * The {@code Cqe} flyweight: getters for every CQE field and decoders for every CQE flag (from the
 * family the layout's flags field names), the buffer id, and the errno of a failed result.
 */
final class CqeEmitter {
    private CqeEmitter() {}

    static JavaFile emit(Spec spec) {
        TypeSpec.Builder type = TypeSpec.classBuilder(Names.CQE)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .superclass(Names.CQE_CURSOR)
                .addAnnotation(Names.generated())
                .addJavadoc("""
                        A completion queue entry being read: a reusable view over one slot of the ring, valid
                        until the entry is marked seen. Copy out what you need; do not keep the view.
                        """)
                .addField(FieldSpec.builder(TypeName.INT, "SIZE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("Bytes in a normal CQE.\n").initializer("$L", spec.cqe().size()).build())
                .addField(FieldSpec.builder(TypeName.INT, "BIG_SIZE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("Bytes in a CQE of a CQE32 ring.\n").initializer("$L", spec.cqe().bigSize()).build())
                .addMethod(MethodSpec.constructorBuilder()
                        .addJavadoc("A view over CQEs of {@code entrySize} bytes in {@code memory}.\n")
                        .addParameter(MemorySegment.class, "memory").addParameter(TypeName.INT, "entrySize")
                        .addStatement("super(memory, entrySize)").build());
        Field flagsField = null;
        Field resField = null;
        for (Field f : spec.cqe().fields()) {
            if (f.array()) {
                type.addMethod(bigWord(f));
                continue;
            }
            // For the ring's bulk copy (CompletionQueue.drainTo), which reads the CQE array directly.
            type.addField(FieldSpec.builder(TypeName.LONG, Names.upper(f.name()) + "_OFFSET", Modifier.STATIC,
                    Modifier.FINAL).addJavadoc("Offset of {@code $L} in an entry.\n", f.name())
                    .initializer("$L", f.offset()).build());
            TypeName t = f.width() == 8 ? TypeName.LONG : TypeName.INT;
            String layout = f.width() == 8 ? "JAVA_LONG_UNALIGNED" : "JAVA_INT_UNALIGNED";
            type.addMethod(MethodSpec.methodBuilder(Names.camel(f.name())).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                    .returns(t).addJavadoc("The {@code $L} field$L\n@return the field's value\n", f.name(),
                            f.doc() == null ? "." : ": " + Names.sentence(f.doc()))
                    // The try costs nothing until it throws: a view read after the ring's close names the field.
                    .beginControlFlow("try")
                    .addStatement("return memory.get($T.$L, base + $L)", ValueLayout.class, layout, f.offset())
                    .nextControlFlow("catch (IllegalStateException e)")
                    .addStatement("throw closedOr(e, $S)", Names.camel(f.name()))
                    .endControlFlow().build());
            if (f.family() != null) {
                flagsField = f;
            }
            if (f.signed() && f.name().equals("res")) {
                resField = f;
            }
        }
        if (flagsField != null) {
            Family fam = flagsField.family();
            String flagsName = flagsField.name();
            String getter = Names.camel(flagsField.name());
            for (FlagValue v : fam.values()) {
                type.addMethod(MethodSpec.methodBuilder("is" + Names.upperCamel(v.name()))
                        .addModifiers(Modifier.PUBLIC, Modifier.FINAL).returns(TypeName.BOOLEAN)
                        .addJavadoc("True when {@code $L} is set$L\n@return whether the flag is set\n",
                                v.cName() != null ? v.cName() : fam.cPrefix() + v.name(),
                                v.doc() == null ? "." : ": " + Names.sentence(v.doc()))
                        .addStatement("return ($L() & $T.$L) != 0", getter, Names.family(fam.name()), v.name()).build());
            }
            fam.constants().stream().filter(c -> c.name().equals("BUFFER_SHIFT")).findFirst().ifPresent(c ->
                    type.addMethod(MethodSpec.methodBuilder("bufferId").addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                            .returns(TypeName.INT)
                            .addJavadoc("The provided-buffer id in the upper bits of {@code $L}; meaningful only when\n"
                                    + "{@link #isBuffer()} is true.\n@return the buffer id\n", flagsName)
                            .addStatement("return $L() >>> $T.$L", getter, Names.family(fam.name()), c.name()).build()));
        }
        if (resField != null) {
            type.addMethod(MethodSpec.methodBuilder("isError").addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                    .returns(TypeName.BOOLEAN).addJavadoc("True when {@code res} is a negated errno.\n@return whether the request failed\n")
                    .addStatement("return res() < 0").build());
            type.addMethod(MethodSpec.methodBuilder("errno").addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                    .returns(Names.ERRNO)
                    .addJavadoc("The errno of a failed completion, or {@code null} when {@code res >= 0} (or the\n"
                            + "value is not in the spec; see {@link $T#nameOf(int)}).\n@return the errno, or null\n",
                            Names.ERRNO)
                    .addStatement("int r = res()")
                    .addStatement("return r < 0 ? $T.of(-r) : null", Names.ERRNO).build());
        }
        return JavaFile.builder(Names.RUNTIME_PACKAGE, type.build()).skipJavaLangImports(true).indent("    ").build();
    }

    private static MethodSpec bigWord(Field f) {
        int words = (f.bigWidth() - f.width()) / 8;
        return MethodSpec.methodBuilder(Names.camel(f.name())).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .returns(TypeName.LONG).addParameter(TypeName.INT, "index")
                .addJavadoc("Word {@code index} (0..$L) of {@code $L}, only in a big entry$L\n"
                        + "@param index the 8-byte word, from 0\n@return the word\n", words - 1, f.name(),
                        f.doc() == null ? "." : ": " + Names.sentence(f.doc()))
                .addStatement("requireBig(index, $L)", words)
                .beginControlFlow("try")
                .addStatement("return memory.get($T.JAVA_LONG_UNALIGNED, base + $L + 8L * index)", ValueLayout.class,
                        f.offset())
                .nextControlFlow("catch (IllegalStateException e)")
                .addStatement("throw closedOr(e, $S)", Names.camel(f.name()))
                .endControlFlow()
                .build();
    }
}
