package io.uring4j.generator.model;

/** How a prep-method parameter is typed in Java and encoded into the SQE. */
public enum ParamType implements YamlWord {
    /** An {@code int} file descriptor (or registered-file index with IOSQE_FIXED_FILE). */
    FD("fd"),
    /** An {@code int} (a field of 1, 2 or 4 bytes; range-checked against the field's width). */
    INT("int"),
    /** A {@code long} written to an 8-byte field. */
    LONG("long"),
    /** Flags of a family, {@code int} or {@code long} by the field's width. */
    FLAGS("flags"),
    /** A native {@code MemorySegment}: its address to field, its byte size to lenField. */
    BUFFER("buffer"),
    /** A native {@code MemorySegment} of elements: address to field, element count to lenField. */
    ARRAY("array"),
    /** A native {@code MemorySegment} holding a struct of at least the struct's size. */
    STRUCT("struct"),
    /** A native {@code MemorySegment} holding a NUL-terminated string. */
    CSTRING("cstring"),
    /** A registered-file slot: index + 1 is written; FILE_INDEX_ALLOC asks the kernel to pick. */
    FILE_SLOT("file_slot");

    private final String yaml;

    ParamType(String yaml) {
        this.yaml = yaml;
    }

    @Override
    public String yaml() {
        return yaml;
    }

    public boolean isSegment() {
        return this == BUFFER || this == ARRAY || this == STRUCT || this == CSTRING;
    }

    public static ParamType ofYaml(String s) {
        return YamlWord.find(values(), s);
    }
}
