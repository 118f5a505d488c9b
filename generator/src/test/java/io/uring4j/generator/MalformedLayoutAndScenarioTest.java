package io.uring4j.generator;

import static io.uring4j.generator.TestSpecs.lineOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.uring4j.generator.load.SpecException;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static io.uring4j.generator.MalformedSpecTest.EXTRA;
import static io.uring4j.generator.MalformedSpecTest.assertRejected;
import static io.uring4j.generator.MalformedSpecTest.opcode;

/**
 * Broken layouts, structs, errno entries, YAML syntax and scenario verbs are rejected with the rule
 * they break and the file and line where they break it (opcode entries: {@link MalformedSpecTest}).
 */
class MalformedLayoutAndScenarioTest {
    @Test
    void sqeFieldOutsideTheEntry() {
        String layout = TestSpecs.LAYOUT.replace("""
                    - {name: addr3, offset: 48, width: 8}
                """, """
                    - {name: addr3, offset: 48, width: 8}
                    - {name: beyond, offset: 64, width: 4}
                """);
        assertRejected(TestSpecs.with("layout.yaml", layout), "field-inside-entry", "layout.yaml",
                lineOf(layout, "beyond"));
    }

    @Test
    void overlappingFieldsWithoutASharedUnion() {
        String layout = TestSpecs.LAYOUT.replace("""
                    - {name: addr3, offset: 48, width: 8}
                """, """
                    - {name: addr3, offset: 48, width: 8}
                    - {name: attr_ptr, offset: 48, width: 8}
                """);
        var e = assertRejected(TestSpecs.with("layout.yaml", layout), "field-overlap", "layout.yaml",
                lineOf(layout, "attr_ptr"));
        assertTrue(e.getMessage().contains("addr3"), e::getMessage);
    }

    @Test
    void misalignedField() {
        String layout = TestSpecs.LAYOUT.replace("""
                    - {name: addr3, offset: 48, width: 8}
                """, """
                    - {name: addr3, offset: 48, width: 8}
                    - {name: odd, offset: 58, width: 4}
                """);
        assertRejected(TestSpecs.with("layout.yaml", layout), "field-alignment", "layout.yaml", lineOf(layout, "odd"));
    }

    @Test
    void misalignedStructMemberUnlessPacked() {
        String structs = TestSpecs.STRUCTS + """
                  - name: event
                    size: 12
                    fields:
                      - {name: events, offset: 0, type: u32}
                      - {name: data, offset: 4, type: u64}
                """;
        assertRejected(TestSpecs.with("structs.yaml", structs), "field-alignment", "structs.yaml",
                lineOf(structs, "name: data"));
    }

    @Test
    void layoutDefinedTwice() {
        String yaml = """
                cqe:
                  size: 16
                  fields: []
                """;
        assertRejected(TestSpecs.with("more-layout.yaml", yaml), "duplicate-layout", "more-layout.yaml",
                lineOf(yaml, "cqe:"));
    }

    @Test
    void variantOfAnUnknownBase() {
        String yaml = opcode("""
                  - name: RECV_MULTISHOT
                    variant_of: RECV
                    summary: Receive until cancelled.
                    res: bytes
                """);
        var e = assertRejected(TestSpecs.with(EXTRA, yaml), "variant-base", EXTRA, lineOf(yaml, "RECV_MULTISHOT"));
        assertTrue(e.getMessage().contains("RECV"), e::getMessage);
    }

    @Test
    void variantWithItsOwnValue() {
        String yaml = opcode("""
                  - name: READ_AGAIN
                    variant_of: READ
                    value: 22
                    summary: Read again.
                """);
        assertRejected(TestSpecs.with(EXTRA, yaml), "variant-value", EXTRA, lineOf(yaml, "READ_AGAIN"));
    }

    @Test
    void duplicateErrnoValue() {
        String errno = TestSpecs.ERRNO + "  - {name: EWOULDBLOCK, value: 11}\n";
        assertRejected(TestSpecs.with("errno.yaml", errno), "unique-errno-value", "errno.yaml",
                lineOf(errno, "EWOULDBLOCK"));
    }

    @Test
    void structFieldPastTheStructSize() {
        String structs = TestSpecs.STRUCTS + "      - {name: tv_extra, offset: 16, type: u32}\n";
        assertRejected(TestSpecs.with("structs.yaml", structs), "field-inside-struct", "structs.yaml",
                lineOf(structs, "tv_extra"));
    }

    @Test
    void duplicateKeyInOneMapping() {
        String yaml = opcode("""
                  - name: FROB
                    value: 100
                    value: 101
                    since: "6.1"
                    summary: Frob.
                    res: zero
                """);
        assertRejected(TestSpecs.with(EXTRA, yaml), "duplicate-key", EXTRA, lineOf(yaml, "value: 101"));
    }

    @Test
    void yamlSyntaxErrorNamesItsLine() {
        String yaml = opcode("""
                  - name: FROB
                    value: 100
                    since: "6.1"
                    summary: [unclosed
                    res: zero
                """);
        SpecException e = assertThrows(SpecException.class, () -> TestSpecs.load(TestSpecs.with(EXTRA, yaml)));
        assertEquals("yaml-syntax", e.rule(), e::getMessage);
        assertEquals(EXTRA, e.loc().file(), e::getMessage);
        // The parser notices the missing ']' at or just after the line that opened it.
        int opened = lineOf(yaml, "[unclosed");
        assertTrue(e.loc().line() >= opened && e.loc().line() <= opened + 2, e::getMessage);
        // The message says what was wrong, not only what the parser was doing.
        assertTrue(e.getMessage().contains("expected ',' or ']'"), e::getMessage);
    }

    /** The base spec plus a kit-verb declaration, so scenario verbs are checked. */
    private static Map<String, String> withKit(String opcodes) {
        Map<String, String> files = TestSpecs.with(EXTRA, opcodes);
        files.put("kit-verbs.yaml", """
                kit_verbs:
                  fixtures:
                    - {verb: temp_file, args: ["content?"]}
                  actions:
                    - {verb: starts_with, args: [seg, expected]}
                """);
        return files;
    }

    private static String readScenario(String check) {
        return opcode("""
                  - name: FROB
                    value: 100
                    since: "6.1"
                    summary: Frob.
                    res: zero
                    params:
                      - {name: fd, type: fd, field: fd, doc: "A file."}
                    test:
                      fixtures:
                        - {name: f, temp_file: "hi"}
                      args: {fd: f}
                      expect: {res: 0}
                      checks:
                """ + "        - " + check + "\n");
    }

    @Test
    void misspeltKitVerbFailsAtLoadWithFileAndLine() {
        String yaml = readScenario("{starts_wth: [f, \"hi\"]}");
        SpecException e = assertRejected(withKit(yaml), "kit-verb", EXTRA, lineOf(yaml, "starts_wth"));
        assertTrue(e.getMessage().contains("starts_wth"), e::getMessage);
    }

    @Test
    void kitVerbWithTooFewArguments() {
        String yaml = readScenario("{starts_with: [f]}");
        assertRejected(withKit(yaml), "kit-arg", EXTRA, lineOf(yaml, "starts_with"));
    }

    @Test
    void unknownNamedKitArgument() {
        String yaml = readScenario("{starts_with: {seg: f, expect: \"hi\"}}");
        assertRejected(withKit(yaml), "kit-arg", EXTRA, lineOf(yaml, "starts_with"));
    }

    @Test
    void namedKitArgumentsAreAccepted() {
        var spec = TestSpecs.load(withKit(readScenario("{starts_with: {seg: f, expected: \"hi\"}}")));
        var check = spec.opcode("FROB").orElseThrow().test().checks().get(0);
        assertEquals(java.util.List.of("f", "hi"), check.args().stream().map(a -> a.text()).toList());
    }

    @Test
    void unquotedYaml11BooleanIsRejected() {
        String yaml = opcode("""
                  - name: FROB
                    value: 100
                    since: "6.1"
                    summary: Frob.
                    res: zero
                    params:
                      - {name: base, type: long, field: off, doc: "An offset."}
                """);
        assertRejected(TestSpecs.with(EXTRA, yaml), "yaml11-boolean", EXTRA, lineOf(yaml, "field: off"));
    }

    @Test
    void overloadMustKeepADefaultedParameter() {
        String yaml = opcode("""
                  - name: FROB
                    value: 100
                    since: "6.1"
                    summary: Frob.
                    res: zero
                    overloads: [[fd]]
                    params:
                      - {name: fd, type: fd, field: fd, doc: "A file."}
                      - {name: base, type: long, field: "off", default: 0, doc: "An offset."}
                """);
        assertRejected(TestSpecs.with(EXTRA, yaml), "overloads", EXTRA, lineOf(yaml, "name: FROB"));
    }

    @Test
    void unknownParameterReference() {
        String yaml = opcode("""
                  - name: FROB
                    value: 100
                    since: "6.1"
                    summary: Frob.
                    res: zero
                    params:
                      - no_such_param
                """);
        assertRejected(TestSpecs.with(EXTRA, yaml), "param-ref", EXTRA, lineOf(yaml, "no_such_param"));
    }
}
