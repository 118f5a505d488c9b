package io.uring4j.generator.model;

/**
 * The rule that turns a spec name into a Java name, shared by the validator (which rejects names
 * that would clash or not compile) and the emitters (which write them).
 */
public final class JavaName {
    private JavaName() {}

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
}
