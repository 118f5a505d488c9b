package io.uring4j.generator.emit;

import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import io.uring4j.generator.model.Opcode;
import io.uring4j.generator.model.Spec;
import javax.lang.model.element.Modifier;

/** One test class per opcode and variant: its encoding tests (and its kernel scenario, when the spec has one). */
final class OpcodeTestEmitter {
    private OpcodeTestEmitter() {}

    static JavaFile emit(Spec spec, Opcode o) {
        TypeSpec.Builder type = TypeSpec.classBuilder(EncodingTestEmitter.testClass(o))
                .addModifiers(Modifier.FINAL)
                .addAnnotation(Names.generated())
                .addJavadoc("Generated tests of {@code IORING_OP_$L}$L: $L\n", o.baseName(),
                        o.isVariant() ? " (variant " + o.name() + ")" : "", Names.doc(o.summary()))
                .addMethod(EncodingTestEmitter.encoding(spec, o));
        MethodSpec heap = EncodingTestEmitter.rejectsHeapSegments(spec, o);
        if (heap != null) {
            type.addMethod(heap);
        }
        if (o.test() != null) {
            type.addMethod(KernelTestEmitter.emit(spec, o));
        }
        return JavaFile.builder(EncodingTestEmitter.PACKAGE, type.build()).skipJavaLangImports(true).indent("    ").build();
    }
}
