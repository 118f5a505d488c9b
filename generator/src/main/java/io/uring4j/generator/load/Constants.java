package io.uring4j.generator.load;

import io.uring4j.generator.model.Family;
import java.util.List;
import java.util.OptionalLong;

/**
 * Constant expressions of the spec: a number, or {@code Family.NAME} terms joined with {@code |}.
 * Used by {@code set} values and by scenario arguments.
 */
public final class Constants {
    private Constants() {}

    /** True if the text looks like a number or a constant expression (not a fixture reference). */
    public static boolean isConstant(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            return false;
        }
        char c = t.charAt(0);
        return Character.isDigit(c) || c == '-' || Character.isUpperCase(c);
    }

    /** The value of the expression, or empty when a term names an unknown family or value. */
    public static OptionalLong resolve(String text, List<Family> families) {
        long out = 0;
        for (String part : text.split("\\|")) {
            String t = part.trim().replace("_", t0(part));
            if (t.isEmpty()) {
                return OptionalLong.empty();
            }
            if (Character.isDigit(t.charAt(0)) || t.startsWith("-")) {
                try {
                    boolean neg = t.startsWith("-");
                    String body = neg ? t.substring(1) : t;
                    long v = body.startsWith("0x") || body.startsWith("0X")
                            ? Long.parseUnsignedLong(body.substring(2), 16) : Long.parseLong(body);
                    out |= neg ? -v : v;
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
                continue;
            }
            int dot = t.indexOf('.');
            if (dot < 0) {
                return OptionalLong.empty();
            }
            String fam = t.substring(0, dot);
            String val = t.substring(dot + 1);
            var value = families.stream().filter(f -> f.name().equals(fam)).findFirst().flatMap(f -> f.value(val));
            if (value.isEmpty()) {
                return OptionalLong.empty();
            }
            out |= value.get().value();
        }
        return OptionalLong.of(out);
    }

    /** A number: decimal or hex, possibly negative, underscores allowed; NumberFormatException otherwise. */
    public static long parseNumber(String text) {
        String t = text.trim().replace("_", "");
        boolean neg = t.startsWith("-");
        String body = neg ? t.substring(1) : t;
        long v = body.startsWith("0x") || body.startsWith("0X") ? Long.parseUnsignedLong(body.substring(2), 16)
                : Long.parseLong(body);
        return neg ? -v : v;
    }

    /** Underscores are digit separators in numbers only; constant names keep them. */
    private static String t0(String part) {
        String t = part.trim();
        return !t.isEmpty() && (Character.isDigit(t.charAt(0)) || t.charAt(0) == '-') ? "" : "_";
    }
}
