package io.uring4j.generator.emit;

import com.palantir.javapoet.JavaFile;
import io.uring4j.generator.model.Family;
import io.uring4j.generator.model.Opcode;
import io.uring4j.generator.model.Spec;
import io.uring4j.generator.model.Struct;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Everything the runtime compiles from the spec, in a fixed order. */
public final class Emitter {
    private Emitter() {}

    public static List<JavaFile> runtimeSources(Spec spec) {
        List<JavaFile> out = new ArrayList<>();
        out.add(KernelEmitter.resultKind());
        out.add(KernelEmitter.opcode(spec));
        out.add(KernelEmitter.errno(spec));
        for (Family f : spec.families()) {
            out.add(FamilyEmitter.emit(f));
        }
        for (Struct s : spec.structs()) {
            out.add(StructEmitter.emit(spec, s));
        }
        out.add(SqeEmitter.emit(spec));
        out.add(CqeEmitter.emit(spec));
        out.add(SqeViewEmitter.emit(spec));
        return out;
    }

    /** The per-opcode tests of the generated-tests module, one class per opcode and variant. */
    public static List<JavaFile> testSources(Spec spec) {
        List<JavaFile> out = new ArrayList<>();
        out.add(EncodingTestEmitter.sqeImage());
        for (Opcode o : spec.opcodes()) {
            out.add(OpcodeTestEmitter.emit(spec, o));
        }
        return out;
    }

    public static void write(List<JavaFile> files, Path dir) throws IOException {
        for (JavaFile f : files) {
            f.writeTo(dir);
        }
    }
}
