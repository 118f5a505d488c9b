package io.uring4j.generator.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import io.uring4j.generator.model.Field;
import io.uring4j.generator.model.Spec;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * A prep method writes each 8-byte word of the entry once: the fields it sets are placed into
 * their words (one {@code <field>Bits} method per field, from its offset and width in the spec),
 * OR-ed together, and the {@code size / 8} words are stored by one {@code writeEntry} call.
 * Fields it does not set are zero, as the kernel expects. No clear-then-patch: every store
 * through the ring's memory carries a bounds and a liveness check, so fewer stores are cheaper.
 */
final class SqeWords {
    private SqeWords() {}

    /** A value a prep method writes into a field. */
    record FieldValue(Field field, CodeBlock value) {}

    static int words(Spec spec) {
        return spec.sqe().size() / Long.BYTES;
    }

    /** {@code writeEntry("name", w0, ..., wN)}: the words of the fields in {@code values}, zero elsewhere. */
    static CodeBlock writeEntry(Spec spec, String prep, List<FieldValue> values) {
        List<List<CodeBlock>> parts = new ArrayList<>();
        for (int w = 0; w < words(spec); w++) {
            parts.add(new ArrayList<>());
        }
        for (int i = 0; i < values.size(); i++) {
            FieldValue v = values.get(i);
            for (int j = 0; j < i; j++) {
                if (values.get(j).field().overlaps(v.field())) {
                    // OR-ing two writes of the same bytes would merge them, not let the later win.
                    throw new IllegalStateException(prep + " writes " + v.field().name() + " and "
                            + values.get(j).field().name() + ", which share bytes");
                }
            }
            parts.get(wordOf(v.field())).add(CodeBlock.of("$L($L)", bitsName(v.field()), v.value()));
        }
        CodeBlock.Builder call = CodeBlock.builder().add("writeEntry($S", prep);
        for (int w = 0; w < parts.size(); w++) {
            call.add(",\n$L", parts.get(w).isEmpty() ? CodeBlock.of("0L") : CodeBlock.join(parts.get(w), " | "));
        }
        return call.add(")").build();
    }

    private static int wordOf(Field f) {
        int word = f.offset() / Long.BYTES;
        if ((f.offset() + f.width() - 1) / Long.BYTES != word || f.width() == 0) {
            throw new IllegalStateException("SQE field " + f.name() + " (offset " + f.offset() + ", width "
                    + f.width() + ") does not lie inside one 8-byte word");
        }
        return word;
    }

    static String bitsName(Field f) {
        return Names.camel(f.name()) + "Bits";
    }

    /** {@code fdBits(int)}-style: a field's value placed in its word, to be OR-ed with the word's other fields. */
    static MethodSpec bits(Field f) {
        int word = wordOf(f);
        MethodSpec.Builder m = MethodSpec.methodBuilder(bitsName(f)).addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(TypeName.LONG)
                .addJavadoc("{@code $L} (offset $L, $L $L) placed in word $L of the entry.\n", f.name(), f.offset(),
                        f.width(), f.width() == 1 ? "byte" : "bytes", word);
        if (f.name().equals("opcode")) {
            m.addParameter(Names.OPCODE, "value");
            return m.addStatement("return place(value.value(), $L, $L)", f.offset() % Long.BYTES, f.width()).build();
        }
        m.addParameter(f.width() == 8 ? TypeName.LONG : TypeName.INT, "value");
        return m.addStatement("return place(value, $L, $L)", f.offset() % Long.BYTES, f.width()).build();
    }

    /** The one store of a prep method: its words, then zeros over the rest of a 128-byte entry. */
    static MethodSpec writeEntryMethod(Spec spec) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("writeEntry").addModifiers(Modifier.PRIVATE)
                .addJavadoc("""
                        Writes the $L words of the entry (and zeros over the rest of a $L-byte one); FFM's
                        "Already closed" from the ring's memory becomes a {@link RingClosedException} naming
                        {@code prep}.
                        """, words(spec), spec.sqe().bigSize())
                .addParameter(String.class, "prep");
        for (int w = 0; w < words(spec); w++) {
            m.addParameter(TypeName.LONG, "w" + w);
        }
        m.beginControlFlow("try");
        for (int w = 0; w < words(spec); w++) {
            m.addStatement("memory.set($T.JAVA_LONG_UNALIGNED, base + $L, w$L)", ValueLayout.class, w * Long.BYTES, w);
        }
        // A call only for a 128-byte entry: on the common path the compiler prunes it, loop and all.
        m.beginControlFlow("if (span > SIZE)");
        m.addStatement("zeroFrom(SIZE)");
        m.endControlFlow();
        m.nextControlFlow("catch ($T e)", IllegalStateException.class);
        m.addStatement("throw closedOr(e, prep)");
        m.endControlFlow();
        return m.build();
    }
}
