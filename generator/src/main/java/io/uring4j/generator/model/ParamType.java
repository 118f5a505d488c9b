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
    FILE_SLOT("file_slot"),
    /**
     * A checked {@code IoVecs} (struct iovec array built from live segments): address to field,
     * entry count to lenField. The prep method also gets an {@code ...Unchecked} twin taking raw
     * iovec memory as a {@code MemorySegment}.
     */
    IOVECS("iovecs"),
    /**
     * A checked {@code MessageHeader} (struct msghdr whose iovecs, name and control are live
     * segments): address to field. Also an {@code ...Unchecked} twin taking raw msghdr memory.
     */
    MSGHDR("msghdr");

    private final String yaml;

    ParamType(String yaml) {
        this.yaml = yaml;
    }

    @Override
    public String yaml() {
        return yaml;
    }

    /** True for a {@code MemorySegment} parameter (typed iovec and msghdr parameters are not). */
    public boolean isSegment() {
        return this == BUFFER || this == ARRAY || this == STRUCT || this == CSTRING;
    }

    /**
     * True for a parameter the ring keeps reachable until the request's final completion: a segment,
     * or a typed holder (iovec array, message header) that references the segments it names.
     */
    public boolean isHeld() {
        return isSegment() || this == IOVECS || this == MSGHDR;
    }

    /** True for a typed memory parameter whose raw form only an {@code ...Unchecked} prep method takes. */
    public boolean isTypedMemory() {
        return this == IOVECS || this == MSGHDR;
    }

    /** The spec struct a typed memory parameter stands for (its size is the element or header size). */
    public String structName() {
        return switch (this) {
            case IOVECS -> "iovec";
            case MSGHDR -> "msghdr";
            default -> null;
        };
    }

    public static ParamType ofYaml(String s) {
        return YamlWord.find(values(), s);
    }
}
