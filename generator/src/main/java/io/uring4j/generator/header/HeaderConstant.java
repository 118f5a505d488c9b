package io.uring4j.generator.header;

/**
 * A named integer constant of a header: a #define with a constant value, or an enum member.
 *
 * @param group the enum's tag ("enum" for an anonymous one) or "#define"
 */
record HeaderConstant(String name, CValue value, String group, String file, int line) {
    String where() {
        return file + ":" + line;
    }
}
