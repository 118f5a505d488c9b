package io.uring4j.generator.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import io.uring4j.generator.model.JavaName;
import java.util.Locale;

/** Java names and packages of the generated code, in one place. */
public final class Names {
    public static final String RUNTIME_PACKAGE = "io.uring4j";
    public static final String KERNEL_PACKAGE = "io.uring4j.kernel";
    public static final String FLAGS_PACKAGE = "io.uring4j.kernel.flags";
    public static final String STRUCTS_PACKAGE = "io.uring4j.kernel.structs";

    public static final ClassName OPCODE = ClassName.get(KERNEL_PACKAGE, "Opcode");
    public static final ClassName RESULT_KIND = ClassName.get(KERNEL_PACKAGE, "ResultKind");
    public static final ClassName ERRNO = ClassName.get(KERNEL_PACKAGE, "Errno");
    public static final ClassName SQE = ClassName.get(RUNTIME_PACKAGE, "Sqe");
    public static final ClassName SQE_CURSOR = ClassName.get(RUNTIME_PACKAGE, "SqeCursor");
    public static final ClassName CQE = ClassName.get(RUNTIME_PACKAGE, "Cqe");
    public static final ClassName CQE_CURSOR = ClassName.get(RUNTIME_PACKAGE, "CqeCursor");
    public static final ClassName CHECKS = ClassName.get("io.uring4j.internal", "Checks");
    public static final ClassName PAGE_SIZE = ClassName.get("io.uring4j.internal", "PageSize");
    public static final ClassName IO_VECS = ClassName.get(RUNTIME_PACKAGE, "IoVecs");
    public static final ClassName MESSAGE_HEADER = ClassName.get("io.uring4j.net", "MessageHeader");

    private Names() {}

    /** Marks every emitted type; no date, so output stays byte-identical. */
    public static AnnotationSpec generated() {
        return AnnotationSpec.builder(ClassName.get("javax.annotation.processing", "Generated"))
                .addMember("value", "$S", "io.uring4j.generator").build();
    }

    public static ClassName family(String name) {
        return ClassName.get(FLAGS_PACKAGE, name);
    }

    public static ClassName struct(String cName) {
        return ClassName.get(STRUCTS_PACKAGE, upperCamel(cName));
    }

    /** snake_case or UPPER_SNAKE to lowerCamelCase (the model's rule, so validator and emitters agree). */
    public static String camel(String snake) {
        return JavaName.camel(snake);
    }

    public static String upperCamel(String snake) {
        String c = camel(snake);
        return c.isEmpty() ? c : Character.toUpperCase(c.charAt(0)) + c.substring(1);
    }

    public static String upper(String snake) {
        return snake.toUpperCase(Locale.ROOT);
    }

    /** Escapes text for Javadoc: no comment terminators, HTML-sensitive characters encoded. */
    public static String doc(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("*/", "*&#47;").replace("@", "&#64;").strip();
    }

    /** Escaped text that ends with exactly one sentence stop (no doubled period after a closing one). */
    public static String sentence(String text) {
        String d = doc(text);
        if (d.isEmpty() || d.endsWith(".") || d.endsWith("?") || d.endsWith("!")) {
            return d;
        }
        return d + ".";
    }

    /** A Java literal as careful code writes it: decimal (so {@code -1}, not all ones) unless a large mask. */
    public static String literal(long value, boolean wide) {
        if (wide) {
            return value >= -0xFFFF && value <= 0xFFFF ? value + "L" : "0x" + Long.toHexString(value) + "L";
        }
        int v = (int) value;
        return v >= -0xFFFF && v <= 0xFFFF ? Integer.toString(v) : "0x" + Integer.toHexString(v);
    }
}
