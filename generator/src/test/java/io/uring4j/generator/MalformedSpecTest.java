package io.uring4j.generator;

import static io.uring4j.generator.TestSpecs.lineOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.generator.load.SpecException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each broken opcode entry or flag family is rejected with the rule it breaks and the file and line
 * where it breaks it. Layouts, structs, errno, YAML syntax and scenario verbs: {@link MalformedLayoutAndScenarioTest}.
 */
class MalformedSpecTest {
    static final String EXTRA = "opcodes/extra.yaml";

    /** Asserts that loading {@code files} fails with {@code rule} at {@code file:line}. */
    static SpecException assertRejected(Map<String, String> files, String rule, String file, int line) {
        SpecException e = assertThrows(SpecException.class, () -> TestSpecs.load(files));
        assertEquals(rule, e.rule(), () -> "rule of: " + e.getMessage());
        assertEquals(file, e.loc().file(), () -> "file of: " + e.getMessage());
        assertEquals(line, e.loc().line(), () -> "line of: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(file + ":" + line + ": "), e::getMessage);
        assertTrue(e.getMessage().contains("[" + rule + "]"), e::getMessage);
        return e;
    }

    /** One extra opcode file holding {@code entry} (an opcode list item, indented two spaces). */
    static String opcode(String entry) {
        return "opcodes:\n" + entry;
    }

    @Test
    void theBaseSpecIsValid() {
        var spec = TestSpecs.load(TestSpecs.base());
        assertEquals(6, spec.opcodes().size());
        assertEquals(6, spec.families().size());
    }

    @Test
    void duplicateOpcodeName() {
        String yaml = opcode("""
                  - name: READ
                    value: 99
                    since: "5.6"
                    summary: A second READ.
                    res: bytes
                """);
        assertRejected(TestSpecs.with(EXTRA, yaml), "unique-opcode-name", EXTRA, lineOf(yaml, "name: READ"));
    }

    @Test
    void duplicateOpcodeValue() {
        String yaml = opcode("""
                  - name: READ_AGAIN
                    value: 22
                    since: "5.6"
                    summary: Same value as READ.
                    res: bytes
                """);
        var e = assertRejected(TestSpecs.with(EXTRA, yaml), "unique-opcode-value", EXTRA,
                lineOf(yaml, "name: READ_AGAIN"));
        assertTrue(e.getMessage().contains("READ"), e::getMessage);
    }

    @Test
    void opcodeValueOutsideTheU8Field() {
        String yaml = opcode("""
                  - name: HUGE
                    value: 256
                    since: "5.6"
                    summary: Too big.
                    res: zero
                """);
        assertRejected(TestSpecs.with(EXTRA, yaml), "opcode-range", EXTRA, lineOf(yaml, "name: HUGE"));
    }

    @Test
    void paramOnAFieldThatIsNotInTheSqe() {
        String yaml = opcode("""
                  - name: FROB
                    value: 100
                    since: "6.1"
                    summary: Frob.
                    res: zero
                    params:
                      - {name: fd, type: fd, field: fd}
                      - {name: count, type: int, field: lenn}
                """);
        assertRejected(TestSpecs.with(EXTRA, yaml), "param-field", EXTRA, lineOf(yaml, "field: lenn"));
    }

    @Test
    void twoParamsOnOneField() {
        String yaml = opcode("""
                  - name: FROB
                    value: 100
                    since: "6.1"
                    summary: Frob.
                    res: zero
                    params:
                      - {name: fd, type: fd, field: fd}
                      - {name: other_fd, type: fd, field: fd}
                """);
        assertRejected(TestSpecs.with(EXTRA, yaml), "one-writer-per-field", EXTRA, lineOf(yaml, "other_fd"));
    }

    @Test
    void twoParamsOnOverlappingUnionMembers() {
        // addr (16..24) and level (16..20) are members of one union: writing both clobbers one.
        String yaml = opcode("""
                  - name: FROB
                    value: 100
                    since: "6.1"
                    summary: Frob.
                    res: zero
                    params:
                      - {name: buf, type: buffer, field: addr, len_field: len}
                      - {name: level, type: int, field: level}
                """);
        assertRejected(TestSpecs.with(EXTRA, yaml), "one-writer-per-field", EXTRA, lineOf(yaml, "field: level"));
    }

    @Test
    void paramOnTheLengthFieldOfABuffer() {
        String yaml = opcode("""
                  - name: FROB
                    value: 100
                    since: "6.1"
                    summary: Frob.
                    res: zero
                    params:
                      - {name: buf, type: buffer, field: addr, len_field: len}
                      - {name: count, type: int, field: len}
                """);
        assertRejected(TestSpecs.with(EXTRA, yaml), "one-writer-per-field", EXTRA, lineOf(yaml, "name: count"));
    }

    @Test
    void setConstantOverlappingAParameter() {
        // addr2 shares bytes 8..16 with off, which the offset parameter writes.
        String yaml = opcode("""
                  - name: FROB
                    value: 100
                    since: "6.1"
                    summary: Frob.
                    res: zero
                    params:
                      - {name: offset, type: long, field: "off"}
                    set:
                      - {field: addr2, value: 1}
                """);
        assertRejected(TestSpecs.with(EXTRA, yaml), "one-writer-per-field", EXTRA, lineOf(yaml, "field: addr2"));
    }

    @Test
    void defaultTooWideForItsField() {
        String yaml = opcode("""
                  - name: FROB
                    value: 100
                    since: "6.1"
                    summary: Frob.
                    res: zero
                    params:
                      - {name: prio, type: int, field: ioprio, default: 70000}
                """);
        assertRejected(TestSpecs.with(EXTRA, yaml), "value-width", EXTRA, lineOf(yaml, "default: 70000"));
    }

    @Test
    void setConstantTooWideForItsField() {
        String yaml = opcode("""
                  - name: FROB
                    value: 100
                    since: "6.1"
                    summary: Frob.
                    res: zero
                    set:
                      - {field: ioprio, value: 0x10000}
                """);
        assertRejected(TestSpecs.with(EXTRA, yaml), "value-width", EXTRA, lineOf(yaml, "0x10000"));
    }

    @Test
    void setConstantNamingAnUnknownFamilyValue() {
        String yaml = opcode("""
                  - name: FROB
                    value: 100
                    since: "6.1"
                    summary: Frob.
                    res: zero
                    set:
                      - {field: ioprio, value: AcceptFlags.MULTISHOT | AcceptFlags.NOPE}
                """);
        var e = assertRejected(TestSpecs.with(EXTRA, yaml), "constant-ref", EXTRA, lineOf(yaml, "NOPE"));
        assertTrue(e.getMessage().contains("NOPE"), e::getMessage);
    }

    @Test
    void flagValueWiderThanItsFamily() {
        String flags = TestSpecs.FLAGS.replace("""
                      - {name: IO_LINK, bit: 2, since: "5.3", doc: "Link the next request."}
                """, """
                      - {name: IO_LINK, bit: 2, since: "5.3", doc: "Link the next request."}
                      - {name: TOO_HIGH, bit: 8}
                """);
        assertRejected(TestSpecs.with("flags.yaml", flags), "flag-width", "flags.yaml", lineOf(flags, "TOO_HIGH"));
    }

    @Test
    void malformedSince() {
        String yaml = opcode("""
                  - name: FROB
                    value: 100
                    since: "5"
                    summary: Frob.
                    res: zero
                """);
        assertRejected(TestSpecs.with(EXTRA, yaml), "since-format", EXTRA, lineOf(yaml, "name: FROB"));
    }

    @Test
    void misspeltKey() {
        String yaml = opcode("""
                  - name: FROB
                    value: 100
                    since: "6.1"
                    sumary: Frob.
                    res: zero
                """);
        var e = assertRejected(TestSpecs.with(EXTRA, yaml), "unknown-key", EXTRA, lineOf(yaml, "sumary"));
        assertTrue(e.getMessage().contains("'sumary'"), e::getMessage);
    }

    @Test
    void misspeltTopLevelKey() {
        String yaml = """
                opcode:
                  - name: FROB
                """;
        assertRejected(TestSpecs.with(EXTRA, yaml), "unknown-key", EXTRA, lineOf(yaml, "opcode:"));
    }

    @Test
    void unknownFamily() {
        String yaml = opcode("""
                  - name: FROB
                    value: 100
                    since: "6.1"
                    summary: Frob.
                    res: zero
                    params:
                      - {name: flags, type: flags, family: FrobFlags, field: rw_flags}
                """);
        assertRejected(TestSpecs.with(EXTRA, yaml), "family-ref", EXTRA, lineOf(yaml, "FrobFlags"));
    }

    @Test
    void unknownCqeFlag() {
        String yaml = opcode("""
                  - name: FROB
                    value: 100
                    since: "6.1"
                    summary: Frob.
                    res: zero
                    cqe_flags: [MORE, LESS]
                """);
        var e = assertRejected(TestSpecs.with(EXTRA, yaml), "cqe-flag-ref", EXTRA, lineOf(yaml, "name: FROB"));
        assertTrue(e.getMessage().contains("LESS"), e::getMessage);
    }

    @Test
    void unknownStruct() {
        String yaml = opcode("""
                  - name: FROB
                    value: 100
                    since: "6.1"
                    summary: Frob.
                    res: zero
                    params:
                      - {name: ts, type: struct, struct: timespec64, field: addr}
                """);
        assertRejected(TestSpecs.with(EXTRA, yaml), "struct-ref", EXTRA, lineOf(yaml, "timespec64"));
    }

    @Test
    void bufferWithoutLengthField() {
        String yaml = opcode("""
                  - name: FROB
                    value: 100
                    since: "6.1"
                    summary: Frob.
                    res: zero
                    params:
                      - {name: buf, type: buffer, field: addr}
                """);
        assertRejected(TestSpecs.with(EXTRA, yaml), "len-field", EXTRA, lineOf(yaml, "name: buf"));
    }

    @Test
    void fdParamOnAnEightByteField() {
        String yaml = opcode("""
                  - name: FROB
                    value: 100
                    since: "6.1"
                    summary: Frob.
                    res: zero
                    params:
                      - {name: count, type: fd, field: "off"}
                """);
        assertRejected(TestSpecs.with(EXTRA, yaml), "param-field-width", EXTRA, lineOf(yaml, "name: count"));
    }

    @Test
    void unknownParamType() {
        String yaml = opcode("""
                  - name: FROB
                    value: 100
                    since: "6.1"
                    summary: Frob.
                    res: zero
                    params:
                      - {name: count, type: uint, field: len}
                """);
        assertRejected(TestSpecs.with(EXTRA, yaml), "param-type", EXTRA, lineOf(yaml, "name: count"));
    }

    @Test
    void paramNamedLikeAJavaKeyword() {
        String yaml = opcode("""
                  - name: FROB
                    value: 100
                    since: "6.1"
                    summary: Frob.
                    res: zero
                    params:
                      - {name: class, type: int, field: len}
                """);
        assertRejected(TestSpecs.with(EXTRA, yaml), "param-name", EXTRA, lineOf(yaml, "name: class"));
    }

    @Test
    void paramThatWouldHideTheEntryOffset() {
        // The prep method writes at "base + offset"; a parameter named base would shadow the field.
        String yaml = opcode("""
                  - name: FROB
                    value: 100
                    since: "6.1"
                    summary: Frob.
                    res: zero
                    params:
                      - {name: base, type: long, field: "off"}
                """);
        assertRejected(TestSpecs.with(EXTRA, yaml), "param-name", EXTRA, lineOf(yaml, "name: base"));
    }

    @Test
    void paramClashingWithASegmentLocal() {
        String yaml = opcode("""
                  - name: FROB
                    value: 100
                    since: "6.1"
                    summary: Frob.
                    res: zero
                    params:
                      - {name: buf, type: buffer, field: addr, len_field: len}
                      - {name: buf_length, type: int, field: rw_flags}
                """);
        assertRejected(TestSpecs.with(EXTRA, yaml), "param-name", EXTRA, lineOf(yaml, "name: buf_length"));
    }

    @Test
    void twoParamsWithTheSameJavaName() {
        String yaml = opcode("""
                  - name: FROB
                    value: 100
                    since: "6.1"
                    summary: Frob.
                    res: zero
                    params:
                      - {name: rw_flags, type: int, field: rw_flags}
                      - {name: rw__flags, type: int, field: len}
                """);
        // Both are rwFlags in Java.
        assertRejected(TestSpecs.with(EXTRA, yaml), "unique-param-name", EXTRA, lineOf(yaml, "name: rw__flags"));
    }

    @Test
    void segmentDefaultOtherThanNull() {
        String yaml = opcode("""
                  - name: FROB
                    value: 100
                    since: "6.1"
                    summary: Frob.
                    res: zero
                    params:
                      - {name: buf, type: buffer, field: addr, len_field: len, nullable: true, default: 0}
                """);
        assertRejected(TestSpecs.with(EXTRA, yaml), "default-value", EXTRA, lineOf(yaml, "name: buf"));
    }
}
