package io.uring4j.generator;

import static io.uring4j.generator.TestSpecs.lineOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.generator.load.SpecException;
import io.uring4j.generator.model.ParamType;
import org.junit.jupiter.api.Test;

/** The spec keys {@code bits} and {@code page_aligned}, and the typed {@code iovecs}/{@code msghdr} parameters. */
class ParamRulesTest {
    private static final String EXTRA = "opcodes/extra.yaml";

    private static String op(String params) {
        return """
                opcodes:
                  - name: FROB
                    value: 90
                    since: "6.1"
                    summary: A test opcode.
                    res: zero
                    params:
                """ + params;
    }

    @Test
    void bitsOnlyOnNumbersNarrowerThanTheirField() {
        String yaml = op("      - {name: count, type: long, field: \"off\", bits: 64}\n");
        SpecException e = assertThrows(SpecException.class, () -> TestSpecs.load(TestSpecs.with(EXTRA, yaml)));
        assertEquals("bits", e.rule(), e::getMessage);
        assertEquals(lineOf(yaml, "name: count"), e.loc().line());
    }

    @Test
    void pageAlignedOnlyOnBuffers() {
        String yaml = op("      - {name: size, type: int, field: len, page_aligned: true}\n");
        SpecException e = assertThrows(SpecException.class, () -> TestSpecs.load(TestSpecs.with(EXTRA, yaml)));
        assertEquals("page-aligned", e.rule(), e::getMessage);
    }

    @Test
    void aNarrowedNumberIsRangeCheckedAndAPageRuleIsChecked() {
        String yaml = op("""
                      - {name: region, type: buffer, page_aligned: true, field: addr, len_field: len}
                      - {name: count, type: long, field: "off", bits: 32}
                """);
        String sqe = Sources.of(TestSpecs.load(TestSpecs.with(EXTRA, yaml))).get("io.uring4j.Sqe");
        assertTrue(sqe.contains("Checks.unsignedBits(count, 32, \"count\")"), sqe);
        assertTrue(sqe.contains("Checks.pageAligned(region, PageSize.BYTES, \"region\")"), sqe);
    }

    @Test
    void typedIovecsTakeTheirElementSizeFromTheStructAndGetAnUncheckedTwin() {
        String structs = """
                structs:
                  - name: iovec
                    size: 16
                    fields:
                      - {name: iov_base, offset: 0, type: u64}
                      - {name: iov_len, offset: 8, type: u64}
                """;
        String yaml = op("      - {name: iovecs, type: iovecs, field: addr, len_field: len}\n");
        var files = TestSpecs.with(EXTRA, yaml);
        files.put("structs-iovec.yaml", structs);
        var spec = TestSpecs.load(files);
        var p = spec.opcode("FROB").orElseThrow().params().get(0);
        assertEquals(ParamType.IOVECS, p.type());
        assertEquals(16, p.elemSize());
        String sqe = Sources.of(spec).get("io.uring4j.Sqe");
        assertTrue(sqe.contains("public final Sqe frob(IoVecs iovecs)"), sqe);
        assertTrue(sqe.contains("public final Sqe frobUnchecked(MemorySegment iovecs)"), sqe);
        assertTrue(sqe.contains("Checks.notNull(iovecs, \"iovecs\").checkedAddress(\"iovecs\")"), sqe);
        assertTrue(sqe.contains("Checks.count(iovecs, 16, \"iovecs\")"), sqe);
    }
}
