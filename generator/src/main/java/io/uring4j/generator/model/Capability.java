package io.uring4j.generator.model;

/** Capability markers of an opcode. The generated Opcode.Capability mirrors this. */
public enum Capability implements YamlWord {
    MULTISHOT("multishot", "may post many completions for one submission (IORING_CQE_F_MORE)"),
    BUFFER_SELECT("buffer_select", "can pick a provided buffer (IOSQE_BUFFER_SELECT)"),
    FIXED_FILE("fixed_file", "accepts a registered file index (IOSQE_FIXED_FILE)"),
    FIXED_BUFFER("fixed_buffer", "can use a registered buffer"),
    VECTORED("vectored", "takes an iovec array"),
    DIRECT_DESCRIPTOR("direct_descriptor", "can install its result as a registered file");

    private final String yaml;
    private final String meaning;

    Capability(String yaml, String meaning) {
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

    public static Capability ofYaml(String s) {
        return YamlWord.find(values(), s);
    }
}
