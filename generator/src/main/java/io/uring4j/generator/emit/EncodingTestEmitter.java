package io.uring4j.generator.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import io.uring4j.generator.model.Field;
import io.uring4j.generator.model.FixedValue;
import io.uring4j.generator.model.Opcode;
import io.uring4j.generator.model.Param;
import io.uring4j.generator.model.ParamType;
import io.uring4j.generator.model.Spec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Per-opcode encoding tests: call the prep method with distinctive values and compare the SQE
 * bytes with an image built from the spec's offsets and widths through {@code SqeImage} — a
 * separate path from the emitted writes — with every other byte zero.
 */
final class EncodingTestEmitter {
    static final String PACKAGE = "io.uring4j.generated";
    static final ClassName IMAGE = ClassName.get(PACKAGE, "SqeImage");
    private static final ClassName TEST = ClassName.get("org.junit.jupiter.api", "Test");
    private static final ClassName ASSERTIONS = ClassName.get("org.junit.jupiter.api", "Assertions");
    private static final ClassName DISPLAY = ClassName.get("org.junit.jupiter.api", "DisplayName");

    private EncodingTestEmitter() {}

    /** The test class name of an opcode entry, e.g. {@code AcceptMultishotTest}. */
    static ClassName testClass(Opcode o) {
        return ClassName.get(PACKAGE, Names.upperCamel(o.name()) + "Test");
    }

    static MethodSpec encoding(Spec spec, Opcode o) {
        int size = o.sqeSize();
        CodeBlock.Builder body = CodeBlock.builder()
                .beginControlFlow("try ($T arena = $T.ofConfined())", Arena.class, Arena.class)
                .addStatement("$T slot = arena.allocate($L)", MemorySegment.class, size)
                .add("// Garbage first: the prep method must clear every byte it does not write.\n")
                .addStatement("slot.fill((byte) 0xA5)")
                .addStatement("byte[] expected = new byte[$L]", size)
                .addStatement("$T.put(expected, $L, $L, $L)", IMAGE, field(spec, "opcode").offset(), 1, o.value());
        List<String> args = new ArrayList<>();
        // Sizes other parameters make a segment cover get small values, so the segment can hold them.
        java.util.Map<String, Long> small = new java.util.HashMap<>();
        for (Param p : o.params()) {
            for (String c : p.covers()) {
                small.putIfAbsent(c, 2L + small.size());
            }
        }
        int i = 0;
        for (Param p : o.params()) {
            // Locals are prefixed so no parameter name can collide with the test's own variables.
            String v = "arg" + Names.upperCamel(p.name());
            Field f = p.field();
            switch (p.type()) {
                case FD, INT, FLAGS -> {
                    int bytes = p.javaLong() ? 8 : Math.min(f.width(), 4);
                    String lit = small.containsKey(p.name()) ? small.get(p.name()).toString()
                            : p.bits() > 0 ? fitBits(bytes, i, p.bits()) : distinct(bytes, i);
                    body.addStatement("$L $L = $L", p.javaLong() ? "long" : "int", v, lit);
                    // An int into an 8-byte field is zero-extended.
                    body.addStatement("$T.or(expected, $L, $L, $L)", IMAGE, f.offset(), f.width(),
                            f.width() == 8 && !p.javaLong() ? "Integer.toUnsignedLong(" + v + ")" : v);
                }
                case LONG -> {
                    body.addStatement("long $L = $L", v, small.containsKey(p.name()) ? small.get(p.name()) + "L"
                            : p.bits() > 0 ? fitBits(8, i, p.bits()) : distinct(8, i));
                    body.addStatement("$T.or(expected, $L, $L, $L)", IMAGE, f.offset(), f.width(), v);
                }
                case FILE_SLOT -> {
                    body.addStatement("int $L = $L", v, 5 + i);
                    body.add("// A registered-file slot is written as index + 1.\n");
                    body.addStatement("$T.or(expected, $L, $L, $L + 1)", IMAGE, f.offset(), f.width(), v);
                }
                case BUFFER -> {
                    if (p.pageAligned()) {
                        body.add("// 64 KiB, aligned to 64 KiB: whole pages for any page size up to 64 KiB.\n");
                        body.addStatement("$T $L = arena.allocate(1 << 16, 1 << 16)", MemorySegment.class, v);
                    } else {
                        body.addStatement("$T $L = arena.allocate($L)", MemorySegment.class, v, 40 + 8 * i);
                    }
                    body.addStatement("$T.or(expected, $L, $L, $L.address())", IMAGE, f.offset(), f.width(), v);
                    Field len = p.lenField();
                    body.addStatement("$T.or(expected, $L, $L, $L.byteSize())", IMAGE, len.offset(), len.width(), v);
                }
                case ARRAY -> {
                    body.addStatement("$T $L = arena.allocate($L)", MemorySegment.class, v, 3L * p.elemSize());
                    body.addStatement("$T.or(expected, $L, $L, $L.address())", IMAGE, f.offset(), f.width(), v);
                    Field len = p.lenField();
                    body.add("// An array's length field holds its element count.\n");
                    body.addStatement("$T.or(expected, $L, $L, 3)", IMAGE, len.offset(), len.width());
                }
                case STRUCT -> {
                    long min = p.minSegmentSize();
                    long covered = p.covers().stream().mapToLong(small::get).reduce(1L, (a, b) -> a * b);
                    body.addStatement("$T $L = arena.allocate($L)", MemorySegment.class, v, Math.max(Math.max(min, 8), covered));
                    body.addStatement("$T.or(expected, $L, $L, $L.address())", IMAGE, f.offset(), f.width(), v);
                    if (p.lenField() != null) {
                        Field len = p.lenField();
                        body.addStatement("$T.or(expected, $L, $L, $L.byteSize())", IMAGE, len.offset(), len.width(), v);
                    }
                }
                case CSTRING -> {
                    body.addStatement("$T $L = arena.allocateFrom($S)", MemorySegment.class, v, "p" + i);
                    body.addStatement("$T.or(expected, $L, $L, $L.address())", IMAGE, f.offset(), f.width(), v);
                }
                case IOVECS -> {
                    body.addStatement("$T $L = $T.allocate(arena, 3).add(arena.allocate(8)).add(arena.allocate(16))"
                            + ".add(arena.allocate(24))", Names.IO_VECS, v, Names.IO_VECS);
                    body.addStatement("$T.or(expected, $L, $L, $L.segment().address())", IMAGE, f.offset(), f.width(), v);
                    Field len = p.lenField();
                    body.add("// The length field holds the entry count.\n");
                    body.addStatement("$T.or(expected, $L, $L, 3)", IMAGE, len.offset(), len.width());
                }
                case MSGHDR -> {
                    body.addStatement("$T $L = $T.allocate(arena, 1).add(arena.allocate(8))", Names.MESSAGE_HEADER, v,
                            Names.MESSAGE_HEADER);
                    body.addStatement("$T.or(expected, $L, $L, $L.segment().address())", IMAGE, f.offset(), f.width(), v);
                }
            }
            args.add(v);
            i++;
        }
        for (FixedValue s : o.set()) {
            Field f = s.field();
            body.add("// Always written by $L: $L.\n", o.name(), s.value());
            body.addStatement("$T.or(expected, $L, $L, $LL)", IMAGE, f.offset(), f.width(), s.resolved());
        }
        body.addStatement("$T.over(slot).$L($L)", Names.SQE, Names.camel(o.name()), String.join(", ", args))
                .addStatement("$T.assertSame(expected, slot, $S)", IMAGE, o.name())
                .endControlFlow();
        return MethodSpec.methodBuilder("encoding")
                .addAnnotation(TEST)
                .addAnnotation(com.palantir.javapoet.AnnotationSpec.builder(DISPLAY)
                        .addMember("value", "$S", o.name() + ": prep writes exactly the spec's SQE bytes").build())
                .addCode(body.build())
                .build();
    }

    /** For each segment parameter, a heap segment is refused with a message naming it, before any write. */
    static MethodSpec rejectsHeapSegments(Spec spec, Opcode o) {
        List<Param> segs = o.params().stream().filter(p -> p.type().isSegment()).toList();
        if (segs.isEmpty()) {
            return null;
        }
        CodeBlock.Builder body = CodeBlock.builder()
                .beginControlFlow("try ($T arena = $T.ofConfined())", Arena.class, Arena.class)
                .addStatement("$T slot = arena.allocate($L)", MemorySegment.class, o.sqeSize())
                .addStatement("slot.fill((byte) 0x3C)")
                .addStatement("byte[] before = slot.toArray($T.JAVA_BYTE)", java.lang.foreign.ValueLayout.class);
        for (Param bad : segs) {
            List<String> args = new ArrayList<>();
            for (Param p : o.params()) {
                if (p == bad) {
                    args.add("$T.ofArray(new byte[" + heapSize(spec, p) + "])");
                } else {
                    args.add(goodArg(spec, p));
                }
            }
            String call = String.join(", ", args);
            body.addStatement("$T e$L = $T.assertThrows($T.class, () -> $T.over(slot).$L(" + call + "))",
                    IllegalArgumentException.class, Names.camel(bad.name()), ASSERTIONS, IllegalArgumentException.class,
                    Names.SQE, Names.camel(o.name()), MemorySegment.class);
            body.addStatement("$T.assertTrue(e$L.getMessage().startsWith($S), e$L.getMessage())", ASSERTIONS,
                    Names.camel(bad.name()), Names.camel(bad.name()), Names.camel(bad.name()));
            body.addStatement("$T.assertArrayEquals(before, slot.toArray($T.JAVA_BYTE), $S)", ASSERTIONS,
                    java.lang.foreign.ValueLayout.class, "a refused call must leave the SQE untouched");
        }
        body.endControlFlow();
        return MethodSpec.methodBuilder("rejectsHeapSegments")
                .addAnnotation(TEST)
                .addAnnotation(com.palantir.javapoet.AnnotationSpec.builder(DISPLAY)
                        .addMember("value", "$S", o.name() + ": a heap segment is refused, naming the parameter").build())
                .addCode(body.build())
                .build();
    }

    private static long heapSize(Spec spec, Param p) {
        long min = p.minSegmentSize();
        return Math.max(min, p.type() == ParamType.ARRAY ? p.elemSize() : 16);
    }

    private static String goodArg(Spec spec, Param p) {
        return switch (p.type()) {
            case FD, INT, FLAGS, FILE_SLOT -> p.javaLong() ? "0L" : "0";
            case LONG -> "0L";
            case BUFFER -> "arena.allocate(16)";
            case ARRAY -> "arena.allocate(" + p.elemSize() + ")";
            case STRUCT -> "arena.allocate(" + heapSize(spec, p) + ")";
            case CSTRING -> "arena.allocateFrom(\"x\")";
            case IOVECS -> Names.IO_VECS.canonicalName() + ".allocate(arena, 1).add(arena.allocate(16))";
            case MSGHDR -> Names.MESSAGE_HEADER.canonicalName() + ".allocate(arena, 1)";
        };
    }

    /** The distinct value cut to the low {@code bits} bits the kernel reads (the prep refuses more). */
    private static String fitBits(int width, int i, int bits) {
        long v = Long.decode(distinct(width, i).replace("L", "")) & ((1L << bits) - 1);
        return "0x" + Long.toHexString(v) + (width == 8 ? "L" : "");
    }

    /** A value that fills its field with a recognisable, non-repeating byte pattern. */
    private static String distinct(int width, int i) {
        return switch (width) {
            case 1 -> "0x" + Integer.toHexString(0x31 + i);
            case 2 -> "0x" + Integer.toHexString(0x3A00 + 0x11 * (i + 1));
            case 4 -> "0x" + Integer.toHexString(0x1B2C3D00 + 0x11 * (i + 1));
            default -> "0x" + Long.toHexString(0x0A1B2C3D4E5F6000L + 0x11L * (i + 1)) + "L";
        };
    }

    private static Field field(Spec spec, String name) {
        return spec.sqe().field(name).orElseThrow();
    }

    /** The helper that builds expected SQE images (emitted, so no hand-written code lives in the tests). */
    static JavaFile sqeImage() {
        TypeSpec type = TypeSpec.classBuilder(IMAGE)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addAnnotation(Names.generated())
                .addJavadoc("Builds the expected bytes of an SQE from offsets and widths, little-endian.\n")
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
                .addMethod(MethodSpec.methodBuilder("put").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                        .addParameter(byte[].class, "image").addParameter(int.class, "offset")
                        .addParameter(int.class, "width").addParameter(long.class, "value")
                        .addJavadoc("Writes the low {@code width} bytes of {@code value} at {@code offset}.\n")
                        .beginControlFlow("for (int b = 0; b < width; b++)")
                        .addStatement("image[offset + b] = (byte) (value >>> (8 * b))")
                        .endControlFlow().build())
                .addMethod(MethodSpec.methodBuilder("or").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                        .addParameter(byte[].class, "image").addParameter(int.class, "offset")
                        .addParameter(int.class, "width").addParameter(long.class, "value")
                        .addJavadoc("ORs the low {@code width} bytes of {@code value} into {@code offset}.\n")
                        .beginControlFlow("for (int b = 0; b < width; b++)")
                        .addStatement("image[offset + b] |= (byte) (value >>> (8 * b))")
                        .endControlFlow().build())
                .addMethod(MethodSpec.methodBuilder("assertSame").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                        .addParameter(byte[].class, "expected").addParameter(MemorySegment.class, "actual")
                        .addParameter(String.class, "opcode")
                        .addJavadoc("Fails at the first differing byte, naming its offset.\n")
                        .addStatement("byte[] got = actual.toArray($T.JAVA_BYTE)", java.lang.foreign.ValueLayout.class)
                        .addStatement("$T.assertEquals(expected.length, got.length, opcode + $S)", ASSERTIONS, ": SQE size")
                        .beginControlFlow("for (int i = 0; i < expected.length; i++)")
                        .beginControlFlow("if (expected[i] != got[i])")
                        .addStatement("$T.fail($T.format($S, opcode, i, expected[i] & 0xFF, got[i] & 0xFF))",
                                ASSERTIONS, String.class, "%s: SQE byte %d should be 0x%02x but is 0x%02x")
                        .endControlFlow()
                        .endControlFlow().build())
                .build();
        return JavaFile.builder(PACKAGE, type).skipJavaLangImports(true).indent("    ").build();
    }
}
