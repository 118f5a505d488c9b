package io.uring4j.generator.emit;

import static io.uring4j.generator.emit.SqeDocs.javadoc;
import static io.uring4j.generator.emit.SqeDocs.paramDoc;
import static io.uring4j.generator.emit.SqeFieldWriters.area;
import static io.uring4j.generator.emit.SqeFieldWriters.fixedFile;
import static io.uring4j.generator.emit.SqeFieldWriters.publicSetter;
import static io.uring4j.generator.emit.SqeFieldWriters.writer;
import static io.uring4j.generator.emit.SqeFieldWriters.writtenFields;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.uring4j.generator.emit.SqeWords.FieldValue;
import io.uring4j.generator.model.Field;
import io.uring4j.generator.model.FixedValue;
import io.uring4j.generator.model.Opcode;
import io.uring4j.generator.model.Param;
import io.uring4j.generator.model.ParamType;
import io.uring4j.generator.model.Spec;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * The {@code Sqe} flyweight: field setters from the layout and one typed prep method per opcode and
 * variant. Segment parameters are checked by the runtime's {@code Checks} (native, alive, large
 * enough) before their address is written, and handed to {@code hold} so the ring keeps them reachable
 * until the final completion. Prep methods write the whole entry, each 8-byte word once; set {@code flags}/{@code userData} after them.
 */
final class SqeEmitter {
    /** The SQE field naming a provided-buffer group. */
    static final String GROUP_FIELD = "buf_group";
    /**
     * The SQE field every prep method writes from the view's {@code presetUserData} (0, or the value
     * an {@code SqeBatch} entry was taken with), so a batch sets it without a second store.
     */
    static final String USER_DATA_FIELD = "user_data";

    private SqeEmitter() {}

    static JavaFile emit(Spec spec) {
        TypeSpec.Builder type = TypeSpec.classBuilder(Names.SQE)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .superclass(Names.SQE_CURSOR)
                .addAnnotation(Names.generated())
                .addJavadoc("""
                        A submission queue entry being written: a reusable view over one slot of the ring.
                        <p>A prep method (one per opcode and variant) writes the whole slot: the opcode, its
                        parameters, zeros elsewhere (user_data: 0, or the value the entry was taken with from an
                        {@code SqeBatch}); then set {@link #flags(int)}, {@link #userData(long)} or {@link #personality(int)}.
                        Segment parameters must be native and alive when the prep method runs. The ring then holds a
                        strong reference to each of them until the request's final completion (so a garbage
                        collector cannot free an {@code Arena.ofAuto()} segment under the kernel); closing their
                        arena earlier is the caller's mistake, reported at the completion (see
                        {@link CqeCursor#lifetimeViolated()}), unless the arena is an {@link IoArena}, whose close
                        waits for the requests. Typed iovec arrays and message headers are held the same way, and with
                        them the segments they name. Memory named by a {@code reinterpret()}ed segment, or by an
                        address inside raw memory given to an {@code ...Unchecked} method, is not tracked: it is the
                        caller's to keep alive. A request that names a provided-buffer group (a buffer-select prep,
                        {@code flags(BUFFER_SELECT)}, PROVIDE_BUFFERS, REMOVE_BUFFERS) holds the group the same way:
                        closing its buffer ring or legacy group waits for the request's final completion.
                        """)
                .addField(FieldSpec.builder(TypeName.INT, "SIZE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("Bytes in a normal SQE.\n").initializer("$L", spec.sqe().size()).build())
                .addField(FieldSpec.builder(TypeName.INT, "BIG_SIZE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("Bytes in an SQE of an SQE128 ring.\n").initializer("$L", spec.sqe().bigSize()).build())
                .addField(FieldSpec.builder(TypeName.INT, "MAX_SEGMENTS", Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("Most segment (or iovec/msghdr holder) parameters one prep method takes: the references held per entry.\n")
                        // + 1: the buffer-group record a buffer-select request holds (see SqeCursor.holdGroup)
                        .initializer("$L", spec.opcodes().stream().mapToLong(o -> o.params().stream()
                                .filter(p -> p.type().isHeld()).count()).max().orElse(0) + 1).build())
                .addField(FieldSpec.builder(TypeName.LONG, "USER_DATA_OFFSET", Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("Offset of {@code user_data} in an entry, read when an entry is published.\n")
                        .initializer("$L", field(spec, USER_DATA_FIELD).offset()).build())
                .addField(FieldSpec.builder(TypeName.LONG, "FD_OFFSET", Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("Offset of {@code fd} in an entry (a buffer count for PROVIDE_BUFFERS and REMOVE_BUFFERS), read when an entry holding memory is published.\n")
                        .initializer("$L", field(spec, "fd").offset()).build())
                .addField(FieldSpec.builder(TypeName.LONG, "OPCODE_OFFSET", Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("Offset of {@code opcode} in an entry, read when an entry is published.\n")
                        .initializer("$L", field(spec, "opcode").offset()).build())
                .addField(FieldSpec.builder(TypeName.LONG, "FLAGS_OFFSET", Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("Offset of {@code flags} in an entry, read when an entry is published.\n")
                        .initializer("$L", field(spec, "flags").offset()).build())
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
        Set<String> written = writtenFields(spec);
        for (Field f : spec.sqe().fields()) {
            if (f.array()) {
                type.addMethod(area(spec, f));
            } else if (f.publicAccess()) {
                type.addMethod(publicSetter(f, spec.sqe().field(GROUP_FIELD).orElse(null)));
            }
        }
        fixedFile(spec, type);
        for (Opcode o : spec.opcodes()) {
            MethodSpec full = prep(spec, o);
            type.addMethod(full);
            if (!o.params().stream().allMatch(Param::required)) {
                type.addMethod(shortForm(spec, o, List.of()));
            }
            for (List<String> kept : o.overloads()) {
                type.addMethod(shortForm(spec, o, kept));
            }
            uncheckedTwin(o).ifPresent(u -> type.addMethod(prep(spec, u)));
        }
        // Prep methods place their fields into words and store each word once (SqeWords); the public
        // setters, which patch one field after the prep, write through one private writer per field.
        type.addMethod(SqeWords.writeEntryMethod(spec));
        for (Field f : spec.sqe().fields()) {
            if (written.contains(f.name())) {
                type.addMethod(SqeWords.bits(f));
            }
            if (f.publicAccess() && !f.array()) {
                type.addMethod(writer(f));
            }
        }
        return JavaFile.builder(Names.RUNTIME_PACKAGE, type.build()).skipJavaLangImports(true).indent("    ").build();
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
        m.addJavadoc("@throws IllegalStateException when this entry already holds a request$L\n",
                o.sqeSize() > spec.sqe().size() ? ", or the ring's entries are " + spec.sqe().size() + " bytes" : "");
        // Checks first: nothing is written unless every parameter is acceptable.
        List<FieldValue> writes = new ArrayList<>();
        Map<Field, List<CodeBlock>> fixedByField = new LinkedHashMap<>();
        for (FixedValue s : o.set()) {
            fixedByField.computeIfAbsent(s.field(), k -> new ArrayList<>()).add(constant(spec, s.value(),
                    s.field().width() == 8));
        }
        for (Param p : o.params()) {
            String v = Names.camel(p.name());
            Field f = p.field();
            switch (p.type()) {
                case FD -> writes.add(new FieldValue(f, CodeBlock.of("$L", v)));
                case INT, FLAGS -> {
                    if (f.width() < 4) {
                        m.addStatement("$T.$L($L, $S)", Names.CHECKS, f.width() == 1 ? "u8" : "u16", v, v);
                    }
                    List<CodeBlock> fixed = fixedByField.remove(f);
                    CodeBlock.Builder expr = CodeBlock.builder();
                    // An int into a 64-bit field is zero-extended, as C's unsigned conversion does.
                    if (f.width() == 8 && javaType(spec, p) == TypeName.INT) {
                        expr.add("$T.toUnsignedLong($L)", Integer.class, v);
                    } else {
                        expr.add("$L", v);
                    }
                    if (fixed != null) {
                        fixed.forEach(c -> expr.add(" | $L", c));
                    }
                    writes.add(new FieldValue(f, expr.build()));
                }
                case LONG -> writes.add(new FieldValue(f, CodeBlock.of("$L", v)));
                case FILE_SLOT -> writes.add(new FieldValue(f, CodeBlock.of("$T.fileSlot($L, $S)", Names.CHECKS, v, v)));
                case BUFFER -> {
                    m.addStatement("long $LAddress = $T.$L($L, $S)", v, Names.CHECKS,
                            p.nullable() ? "nullableAddress" : "address", v, v);
                    writes.add(new FieldValue(f, CodeBlock.of("$LAddress", v)));
                    m.addStatement("int $LLength = $T.length($L, $S)", v, Names.CHECKS, v, v);
                    narrowLength(spec, m, p, v + "Length");
                    writes.add(new FieldValue(p.lenField(), CodeBlock.of("$LLength", v)));
                }
                case ARRAY -> {
                    m.addStatement("long $LAddress = $T.$L($L, $S)", v, Names.CHECKS,
                            p.nullable() ? "nullableAddress" : "address", v, v);
                    writes.add(new FieldValue(f, CodeBlock.of("$LAddress", v)));
                    m.addStatement("int $LCount = $T.count($L, $L, $S)", v, Names.CHECKS, v, p.elemSize(), v);
                    writes.add(new FieldValue(p.lenField(), CodeBlock.of("$LCount", v)));
                }
                case STRUCT -> {
                    m.addStatement("long $LAddress = $T.struct($L, $L, $L, $S)", v, Names.CHECKS, v,
                            p.minSegmentSize(), p.nullable(), v);
                    writes.add(new FieldValue(f, CodeBlock.of("$LAddress", v)));
                    if (p.lenField() != null) {
                        m.addStatement("int $LLength = $T.length($L, $S)", v, Names.CHECKS, v, v);
                        narrowLength(spec, m, p, v + "Length");
                        writes.add(new FieldValue(p.lenField(), CodeBlock.of("$LLength", v)));
                    }
                }
                case CSTRING -> {
                    m.addStatement("long $LAddress = $T.cString($L, $L, $S)", v, Names.CHECKS, v, p.nullable(), v);
                    writes.add(new FieldValue(f, CodeBlock.of("$LAddress", v)));
                }
                case IOVECS, MSGHDR -> typedMemory(m, writes, p, v);
            }
            if (p.bits() > 0) {
                m.addStatement("$T.unsignedBits($L, $L, $S)", Names.CHECKS, v, p.bits(), v);
            }
            if (p.pageAligned()) {
                m.addStatement("$T.pageAligned($L, $T.BYTES, $S)", Names.CHECKS, v, Names.PAGE_SIZE, v);
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
        m.addStatement("beginPrep($T.$L)", Names.OPCODE, o.baseName());
        writes.add(0, new FieldValue(field(spec, "opcode"), CodeBlock.of("$T.$L", Names.OPCODE, o.baseName())));
        for (var e : fixedByField.entrySet()) {
            CodeBlock.Builder expr = CodeBlock.builder();
            for (int i = 0; i < e.getValue().size(); i++) {
                expr.add(i == 0 ? "$L" : " | $L", e.getValue().get(i));
            }
            writes.add(new FieldValue(e.getKey(), expr.build()));
        }
        writes.add(new FieldValue(field(spec, USER_DATA_FIELD), CodeBlock.of("presetUserData")));
        // Each word of the entry written once, fields the request does not use zero.
        m.addStatement(SqeWords.writeEntry(spec, Names.camel(o.name()), writes));
        // The ring keeps a strong reference to each segment (or iovec/msghdr holder, which references
        // its segments) until the request's final completion.
        for (Param p : o.params()) {
            if (p.type().isHeld()) {
                m.addStatement("hold($L)", Names.camel(p.name()));
            }
        }
        // A request naming a buffer group (buffer select, provide, remove) holds that group's record,
        // so that closing the group's buffers waits for its final completion.
        for (Param p : o.params()) {
            if (p.field() != null && p.field().name().equals(GROUP_FIELD)) {
                m.addStatement("holdGroup($L)", Names.camel(p.name()));
            }
        }
        m.addStatement("prepared = true");
        m.addStatement("return this");
        return m.build();
    }

    /** A {@code set} value as Java: {@code Family.NAME} terms as constant references, numbers as literals. */
    private static CodeBlock constant(Spec spec, String text, boolean wide) {
        CodeBlock.Builder out = CodeBlock.builder();
        String[] terms = text.split("\\|");
        for (int i = 0; i < terms.length; i++) {
            String t = terms[i].strip();
            if (i > 0) {
                out.add(" | ");
            }
            int dot = t.indexOf('.');
            if (dot > 0 && Character.isLetter(t.charAt(0))) {
                String family = t.substring(0, dot);
                // An int constant into a 64-bit field is zero-extended, as C converts an unsigned value.
                boolean widen = wide && spec.family(family).orElseThrow().width() <= 32;
                if (widen) {
                    out.add("$T.toUnsignedLong($T.$L)", Integer.class, Names.family(family), t.substring(dot + 1));
                } else {
                    out.add("$T.$L", Names.family(family), t.substring(dot + 1));
                }
            } else {
                out.add("$L", Names.literal(io.uring4j.generator.load.Constants.parseNumber(t), wide));
            }
        }
        return out.build();
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
        int width = p.lenField().width();
        if (width < 4) {
            m.addStatement("$T.$L($L, $S)", Names.CHECKS, width == 1 ? "u8" : "u16", var,
                    Names.camel(p.name()) + " size");
        }
    }

    /**
     * A short overload: the required parameters and the defaulted ones in {@code keptDefaults} (one of
     * the spec's {@code overloads}), the others at their defaults.
     */
    private static MethodSpec shortForm(Spec spec, Opcode o, List<String> keptDefaults) {
        List<Param> kept = o.params().stream().filter(p -> p.required() || keptDefaults.contains(p.name())).toList();
        MethodSpec.Builder m = MethodSpec.methodBuilder(Names.camel(o.name()))
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL).returns(Names.SQE);
        CodeBlock.Builder paramDocs = CodeBlock.builder();
        List<CodeBlock> args = new ArrayList<>();
        List<String> defaults = new ArrayList<>();
        for (Param p : o.params()) {
            String v = Names.camel(p.name());
            if (kept.contains(p)) {
                m.addParameter(javaType(spec, p), v);
                paramDocs.add("@param $L $L\n", v, paramDoc(spec, p));
                args.add(CodeBlock.of("$L", v));
            } else {
                boolean wide = javaType(spec, p) == TypeName.LONG;
                args.add(p.type().isSegment() ? CodeBlock.of("null") : constant(spec, p.defaultValue(), wide));
                defaults.add("{@code " + v + " = " + p.defaultValue() + "}");
            }
        }
        String signature = String.join(", ", o.params().stream()
                .map(p -> javaType(spec, p) == TypeName.INT ? "int" : javaType(spec, p) == TypeName.LONG ? "long"
                        : javaType(spec, p) instanceof ClassName c ? c.simpleName() : "MemorySegment").toList());
        m.addJavadoc("Same as {@link #$L($L)} with $L.\n\n", Names.camel(o.name()), signature,
                        String.join(", ", defaults))
                .addJavadoc(paramDocs.build())
                .addJavadoc("@return this entry\n")
                .addJavadoc("@throws IllegalArgumentException when a parameter breaks its rule (named in the message)\n")
                .addJavadoc("@throws IllegalStateException when this entry already holds a request\n");
        return m.addStatement("return $L($L)", Names.camel(o.name()), CodeBlock.join(args, ", ")).build();
    }

    private static TypeName javaType(Spec spec, Param p) {
        if (p.type() == ParamType.IOVECS) {
            return Names.IO_VECS;
        }
        if (p.type() == ParamType.MSGHDR) {
            return Names.MESSAGE_HEADER;
        }
        return p.type().isSegment() ? TypeName.get(MemorySegment.class) : p.javaLong() ? TypeName.LONG : TypeName.INT;
    }

    private static Field field(Spec spec, String name) {
        return spec.sqe().field(name).orElseThrow();
    }

    // ---- typed iovec/msghdr parameters and their Unchecked twins (issue 10, branch inputs) ----

    /** Checks a typed iovec array or message header (every segment it points to live) and writes its address. */
    private static void typedMemory(MethodSpec.Builder m, List<FieldValue> writes, Param p, String v) {
        m.addStatement("long $LAddress = $T.notNull($L, $S).checkedAddress($S)", v, Names.CHECKS, v, v, v);
        writes.add(new FieldValue(p.field(), CodeBlock.of("$LAddress", v)));
        if (p.type() == ParamType.IOVECS) {
            writes.add(new FieldValue(p.lenField(), CodeBlock.of("$L.count()", v)));
        }
    }

    /**
     * The {@code ...Unchecked} twin of an opcode with typed iovec or msghdr parameters: the same
     * encoding with raw memory, which the kernel follows unchecked (the method name says so).
     */
    private static java.util.Optional<Opcode> uncheckedTwin(Opcode o) {
        if (o.params().stream().noneMatch(p -> p.type().isTypedMemory())) {
            return java.util.Optional.empty();
        }
        List<Param> raw = o.params().stream().map(p -> !p.type().isTypedMemory() ? p
                : new Param(p.name(), p.type() == ParamType.IOVECS ? ParamType.ARRAY : ParamType.STRUCT, p.field(),
                        p.lenField(), p.family(), p.struct(), p.minSize(), p.elemSize(), false, null, p.covers(), 0, false,
                        "Raw " + (p.type() == ParamType.IOVECS ? "struct iovec array" : "struct msghdr")
                                + " memory: the addresses in it are not checked.", p.loc())).toList();
        String doc = "Unchecked: the kernel follows the addresses stored in the raw memory given here; nothing checks"
                + " that they point into live segments of the right size, so a wrong entry lets the kernel read or"
                + " write any memory of the process. Prefer " + Names.camel(o.name()) + " with typed arguments."
                + (o.doc() == null ? "" : " " + o.doc());
        Opcode base = o.isVariant() ? o.variantOf() : o;
        return java.util.Optional.of(new Opcode(o.name() + "_UNCHECKED", o.value(), base, o.since(), o.summary(), doc,
                o.sqeSize(), o.res(), o.resDoc(), o.cqeFlags(), o.supports(), raw, o.set(), null, List.of(), o.loc()));
    }
}
