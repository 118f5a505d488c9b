package io.uring4j.generator;

import io.uring4j.generator.load.SpecLoader;
import io.uring4j.generator.model.Spec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small valid spec, split into files like the real one, plus helpers that derive broken specs
 * from it one mutation at a time.
 */
final class TestSpecs {
    static final String LAYOUT = """
            sqe:
              size: 64
              big_size: 128
              fields:
                - {name: opcode, offset: 0, width: 1}
                - {name: flags, offset: 1, width: 1, access: public, family: SqeFlags, doc: "IOSQE_* flags."}
                - {name: ioprio, offset: 2, width: 2}
                - {name: fd, offset: 4, width: 4, signed: true}
                - {name: "off", offset: 8, width: 8, union: "off"}
                - {name: addr2, offset: 8, width: 8, union: "off"}
                - {name: addr, offset: 16, width: 8, union: addr}
                - {name: level, offset: 16, width: 4, union: addr}
                - {name: len, offset: 24, width: 4}
                - {name: rw_flags, offset: 28, width: 4, union: op_flags}
                - {name: accept_flags, offset: 28, width: 4, union: op_flags}
                - {name: user_data, offset: 32, width: 8, access: public}
                - {name: buf_index, offset: 40, width: 2}
                - {name: personality, offset: 42, width: 2, access: public}
                - {name: file_index, offset: 44, width: 4}
                - {name: addr3, offset: 48, width: 8}
            cqe:
              size: 16
              big_size: 32
              fields:
                - {name: user_data, offset: 0, width: 8}
                - {name: res, offset: 8, width: 4, signed: true}
                - {name: flags, offset: 12, width: 4, family: CqeFlags}
                - {name: big_cqe, offset: 16, width: 0, big_width: 16, array: true}
            """;

    static final String FLAGS = """
            families:
              - name: SqeFlags
                c_prefix: IOSQE_
                kind: bits
                width: 8
                summary: Per-request flags.
                values:
                  - {name: FIXED_FILE, bit: 0, since: "5.1"}
                  - {name: IO_DRAIN, bit: 1, since: "5.2"}
                  - {name: IO_LINK, bit: 2, since: "5.3", doc: "Link the next request."}
              - name: CqeFlags
                c_prefix: IORING_CQE_F_
                kind: bits
                width: 32
                values:
                  - {name: BUFFER, bit: 0}
                  - {name: MORE, bit: 1}
                constants:
                  - {name: BUFFER_SHIFT, value: 16}
              - name: RwFlags
                c_prefix: RWF_
                kind: bits
                width: 32
                values:
                  - {name: HIPRI, bit: 0}
                  - {name: DSYNC, bit: 1}
                constants:
                  - {name: WIDE_MASK, value: 0xffff000000000000}
              - name: AcceptFlags
                c_prefix: IORING_ACCEPT_
                kind: bits
                width: 16
                values:
                  - {name: MULTISHOT, bit: 0}
                  - {name: DONTWAIT, bit: 1}
              - name: MsgCommand
                c_prefix: IORING_MSG_
                kind: enum
                width: 32
                values:
                  - {name: DATA, value: 0}
                  - {name: SEND_FD, value: 1}
              - name: WideFlags
                c_prefix: WIDE_
                kind: bits
                width: 64
                values:
                  - {name: LOW, bit: 0}
                  - {name: TOP, bit: 63}
            """;

    static final String OPCODES = """
            opcodes:
              - name: NOP
                value: 0
                since: "5.1"
                summary: Do nothing.
                res: zero
              - name: READ
                value: 22
                since: "5.6"
                summary: Read from a file at an offset.
                doc: Like pread(2).
                res: bytes
                cqe_flags: [BUFFER]
                supports: [fixed_file, buffer_select]
                params:
                  - {name: fd, type: fd, field: fd, doc: "The file to read."}
                  - {name: buf, type: buffer, field: addr, len_field: len, doc: "Where the bytes go."}
                  - {name: offset, type: long, field: "off", default: -1, doc: "File offset; -1 for the current position."}
                  - {name: rw_flags, type: flags, family: RwFlags, field: rw_flags, default: 0}
              - name: ACCEPT
                value: 13
                since: "5.5"
                summary: Accept a connection.
                res: fd
                params:
                  - {name: fd, type: fd, field: fd}
                  - {name: flags, type: flags, family: AcceptFlags, field: ioprio}
                  - {name: accept_flags, type: int, field: accept_flags, default: 0}
              - name: ACCEPT_MULTISHOT
                variant_of: ACCEPT
                since: "5.19"
                summary: Accept connections until cancelled.
                cqe_flags: [MORE]
                params:
                  - {name: fd, type: fd, field: fd}
                  - {name: flags, type: flags, family: AcceptFlags, field: ioprio, default: 0}
                set:
                  - {field: ioprio, value: AcceptFlags.MULTISHOT}
              - name: ACCEPT_DIRECT
                variant_of: ACCEPT
                summary: Accept into a registered file slot.
                params:
                  - {name: fd, type: fd, field: fd}
                  - {name: slot, type: file_slot, field: file_index}
              - name: UNLINKAT
                value: 36
                since: "5.11"
                summary: Remove a directory entry.
                res: zero
                params:
                  - {name: dir_fd, type: fd, field: fd}
                  - {name: path, type: cstring, field: addr}
                  - {name: timeout, type: struct, struct: kernel_timespec, field: addr3, nullable: true, default: "null"}
            """;

    static final String STRUCTS = """
            structs:
              - name: kernel_timespec
                size: 16
                fields:
                  - {name: tv_sec, offset: 0, type: s64}
                  - {name: tv_nsec, offset: 8, type: s64}
            """;

    static final String ERRNO = """
            errno:
              - {name: EPERM, value: 1, doc: "Operation not permitted"}
              - {name: EAGAIN, value: 11, doc: "Try again"}
            """;

    private TestSpecs() {}

    /** The valid base spec: file name to YAML text. */
    static Map<String, String> base() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("layout.yaml", LAYOUT);
        files.put("flags.yaml", FLAGS);
        files.put("opcodes/base.yaml", OPCODES);
        files.put("structs.yaml", STRUCTS);
        files.put("errno.yaml", ERRNO);
        return files;
    }

    /** The base spec with one file added or replaced. */
    static Map<String, String> with(String file, String yaml) {
        Map<String, String> files = base();
        files.put(file, yaml);
        return files;
    }

    /** The base spec with {@code from} replaced by {@code to} in one file (which must contain it once). */
    static Map<String, String> replacing(String file, String from, String to) {
        Map<String, String> files = base();
        String text = files.get(file);
        if (text.indexOf(from) < 0 || text.indexOf(from) != text.lastIndexOf(from)) {
            throw new IllegalArgumentException(file + " must contain '" + from + "' exactly once");
        }
        files.put(file, text.replace(from, to));
        return files;
    }

    static Spec load(Map<String, String> files) {
        return SpecLoader.fromStrings(files);
    }

    /** 1-based line of the only line of {@code yaml} that contains {@code snippet}. */
    static int lineOf(String yaml, String snippet) {
        var lines = yaml.lines().toList();
        int found = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(snippet)) {
                if (found >= 0) {
                    throw new IllegalArgumentException("'" + snippet + "' is on more than one line");
                }
                found = i + 1;
            }
        }
        if (found < 0) {
            throw new IllegalArgumentException("'" + snippet + "' is not in the text");
        }
        return found;
    }

    /** The real spec directory, set by the generator's pom. */
    static Path realSpecDir() {
        String dir = System.getProperty("uring4j.spec.dir");
        if (dir == null || dir.isBlank()) {
            throw new IllegalStateException("system property uring4j.spec.dir is not set (the pom sets it)");
        }
        return Path.of(dir);
    }
}
