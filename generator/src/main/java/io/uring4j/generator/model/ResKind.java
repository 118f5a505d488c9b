package io.uring4j.generator.model;

/** What a successful completion's {@code res} means. The generated ResultKind mirrors this. */
public enum ResKind implements YamlWord {
    BYTES("bytes", "a number of bytes transferred"),
    FD("fd", "a file descriptor, or the allocated registered-file index for a direct descriptor"),
    ZERO("zero", "0 on success"),
    COUNT("count", "a count of items (completions, buffers, entries or woken waiters)"),
    MASK("mask", "a poll event mask"),
    VALUE("value", "an opcode-specific value described with the opcode");

    private final String yaml;
    private final String meaning;

    ResKind(String yaml, String meaning) {
        this.yaml = yaml;
        this.meaning = meaning;
    }

    @Override
    public String yaml() {
        return yaml;
    }

    public String meaning() {
        return meaning;
    }

    public static ResKind ofYaml(String s) {
        return YamlWord.find(values(), s);
    }
}
