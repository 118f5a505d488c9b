package io.uring4j.generator.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.uring4j.generator.model.Spec;
import io.uring4j.generator.model.Struct;
import io.uring4j.generator.model.StructField;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import javax.lang.model.element.Modifier;

/**
 * One class per kernel struct: its size, a {@link MemoryLayout} with explicit padding, the offset
 * of each field, and static accessors that take (segment, base offset) so that walking an array
 * of structs needs no slice objects.
 */
final class StructEmitter {
    private StructEmitter() {}

    static JavaFile emit(Spec spec, Struct s) {
        ClassName name = Names.struct(s.name());
        TypeSpec.Builder type = TypeSpec.classBuilder(name)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addAnnotation(Names.generated())
                .addJavadoc("{@code struct $L} ($L bytes)$L\n", s.name(), s.size(),
                        s.doc() == null ? "." : ": " + Names.doc(s.doc()))
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
                .addField(FieldSpec.builder(TypeName.LONG, "SIZE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("Size of the struct in bytes.\n").initializer("$L", s.size()).build());
        type.addField(FieldSpec.builder(MemoryLayout.class, "LAYOUT", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The struct as a layout, padding included; its byte size is {@link #SIZE}.\n")
                .initializer(layout(spec, s)).build());
        for (StructField f : s.fields()) {
            String off = "OFF_" + Names.upper(f.name());
            type.addField(FieldSpec.builder(TypeName.LONG, off, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc("Offset of {@code $L}$L\n", f.name(), f.doc() == null ? "." : ": " + Names.sentence(f.doc()))
                    .initializer("$L", f.offset()).build());
            if (f.count() > 1 && !f.type().equals("struct")) {
                type.addField(FieldSpec.builder(TypeName.INT, "COUNT_" + Names.upper(f.name()), Modifier.PUBLIC,
                        Modifier.STATIC, Modifier.FINAL).addJavadoc("Elements in {@code $L}.\n", f.name())
                        .initializer("$L", f.count()).build());
            }
            if (f.type().equals("struct") || f.count() == 0) {
                continue; // nested structs and flexible arrays: offsets only
            }
            addAccessors(type, f, off);
        }
        return JavaFile.builder(Names.STRUCTS_PACKAGE, type.build()).skipJavaLangImports(true).indent("    ").build();
    }

    private static CodeBlock layout(Spec spec, Struct s) {
        CodeBlock.Builder b = CodeBlock.builder().add("$T.structLayout(\n", MemoryLayout.class).indent();
        int at = 0;
        boolean first = true;
        for (StructField f : s.fields()) {
            if (f.offset() > at) {
                b.add(first ? "" : ",\n").add("$T.paddingLayout($L)", MemoryLayout.class, f.offset() - at);
                first = false;
            }
            CodeBlock elem;
            int size;
            if (f.type().equals("struct")) {
                Struct nested = f.struct();
                elem = CodeBlock.of("$T.LAYOUT", Names.struct(nested.name()));
                size = nested.size();
            } else {
                elem = CodeBlock.of("$T.$L", ValueLayout.class, valueLayout(f));
                size = f.scalarSize();
            }
            if (f.count() > 1 || f.count() == 0) {
                elem = CodeBlock.of("$T.sequenceLayout($L, $L)", MemoryLayout.class, f.count(), elem);
            }
            b.add(first ? "" : ",\n").add("$L.withName($S)", elem, f.name());
            first = false;
            at = f.offset() + size * f.count();
        }
        if (s.size() > at) {
            b.add(first ? "" : ",\n").add("$T.paddingLayout($L)", MemoryLayout.class, s.size() - at);
        }
        return b.add(")").unindent().add(".withName($S)", s.name()).build();
    }

    private static String valueLayout(StructField f) {
        return switch (f.scalarSize()) {
            case 1 -> "JAVA_BYTE";
            case 2 -> "JAVA_SHORT_UNALIGNED";
            case 4 -> "JAVA_INT_UNALIGNED";
            default -> "JAVA_LONG_UNALIGNED";
        };
    }

    private static final String ACCESS_PARAMS = "@param s the memory holding the struct\n"
            + "@param base the struct's offset in {@code s}\n";
    private static final String INDEX_PARAM = "@param index the element, from 0\n";

    private static void addAccessors(TypeSpec.Builder type, StructField f, String off) {
        String java = Names.camel(f.name());
        boolean array = f.count() > 1;
        int size = f.scalarSize();
        boolean signed = f.type().startsWith("s");
        TypeName t = size == 8 ? TypeName.LONG : TypeName.INT;
        String layout = valueLayout(f);
        String at = array ? "base + " + off + " + (long) index * " + size : "base + " + off;
        String read = switch (size) {
            case 1 -> signed ? "s.get($T.JAVA_BYTE, " + at + ")" : "$T.toUnsignedInt(s.get($T.JAVA_BYTE, " + at + "))";
            case 2 -> signed ? "s.get($T.JAVA_SHORT_UNALIGNED, " + at + ")"
                    : "$T.toUnsignedInt(s.get($T.JAVA_SHORT_UNALIGNED, " + at + "))";
            default -> "s.get($T." + layout + ", " + at + ")";
        };
        MethodSpec.Builder get = MethodSpec.methodBuilder(java).addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(t).addParameter(MemorySegment.class, "s").addParameter(TypeName.LONG, "base");
        if (array) {
            get.addParameter(TypeName.INT, "index");
            get.addStatement("$T.checkIndex(index, $L)", java.util.Objects.class, f.count());
        }
        get.addJavadoc("Reads {@code $L}$L ($L) of the struct at {@code base} in {@code s}.\n", f.name(),
                array ? "[index]" : "", f.type());
        get.addJavadoc(ACCESS_PARAMS + (array ? INDEX_PARAM : "") + "@return the value\n");
        if (size <= 2 && !signed) {
            get.addStatement("return " + read, size == 1 ? Byte.class : Short.class, ValueLayout.class);
        } else {
            get.addStatement("return " + read, ValueLayout.class);
        }
        MethodSpec.Builder set = MethodSpec.methodBuilder(java).addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addParameter(MemorySegment.class, "s").addParameter(TypeName.LONG, "base");
        if (array) {
            set.addParameter(TypeName.INT, "index");
        }
        set.addParameter(t, "value")
                .addJavadoc("Writes {@code $L}$L ($L; higher bits of {@code value} are dropped).\n", f.name(),
                        array ? "[index]" : "", f.type())
                .addJavadoc(ACCESS_PARAMS + (array ? INDEX_PARAM : "") + "@param value the value to write\n");
        if (array) {
            set.addStatement("$T.checkIndex(index, $L)", java.util.Objects.class, f.count());
        }
        String cast = switch (size) {
            case 1 -> "(byte) value";
            case 2 -> "(short) value";
            default -> "value";
        };
        set.addStatement("s.set($T.$L, $L, $L)", ValueLayout.class, layout, at, cast);
        type.addMethod(get.build()).addMethod(set.build());
    }
}
