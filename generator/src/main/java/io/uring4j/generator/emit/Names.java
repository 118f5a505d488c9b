package io.uring4j.generator.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
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

    /** snake_case or UPPER_SNAKE to lowerCamelCase. */
    public static String camel(String snake) {
        StringBuilder out = new StringBuilder();
        boolean up = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                up = out.length() > 0;
            } else {
                out.append(up ? Character.toUpperCase(c) : Character.toLowerCase(c));
                up = false;
            }
        }
        return out.toString();
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
}
