package io.uring4j.generator.header;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.generator.load.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * check-header on the real spec: against a header written from the spec itself (no difference),
 * then against that header with one change each (a value, an opcode, a flag, a field, a struct).
 */
class HeaderDiffTest {
    @TempDir
    Path tmp;

    private static SpecFacts facts;
    private static String own;

    @BeforeAll
    static void load() {
        String dir = System.getProperty("uring4j.spec.dir");
        facts = SpecFacts.of(SpecLoader.load(Path.of(dir)));
        own = SpecHeader.of(facts);
    }

    private List<Difference> check(String header) throws Exception {
        Path h = tmp.resolve("io_uring.h");
        Files.writeString(h, header);
        return HeaderDiff.compare(HeaderReader.read(List.of(h), List.of()), facts);
    }

    private static String replace(String text, String from, String to) {
        assertTrue(text.contains(from), "the spec's header has " + from);
        return text.replace(from, to);
    }

    @Test
    void theSpecsOwnHeaderHasNoDifference() throws Exception {
        List<Difference> d = check(own);
        assertEquals(List.of(), d, String.join("\n", d.stream().map(Difference::toString).toList()));
    }

    @Test
    void aChangedValueNamesTheFamilyAndFile() throws Exception {
        List<Difference> d = check(replace(own, "#define IORING_SETUP_SQPOLL 0x2U\n", "#define IORING_SETUP_SQPOLL (1U << 5)\n"));
        assertEquals(1, d.size(), d.toString());
        assertEquals("flags/ring.yaml", d.getFirst().file());
        assertTrue(d.getFirst().text().contains("SetupFlags.SQPOLL (IORING_SETUP_SQPOLL) is 2 in the spec, 0x20 in the header"),
                d.getFirst().text());
    }

    @Test
    void aNewOpcodeIsReportedWithTheFileOfItsPredecessor() throws Exception {
        var last = facts.opcodes().getLast();
        int next = last.value() + 1;
        List<Difference> d = check(replace(own, "\tIORING_OP_LAST,", "\tIORING_OP_FROB = " + next + ",\n\tIORING_OP_LAST,"));
        assertEquals(1, d.size(), d.toString());
        assertEquals(last.file(), d.getFirst().file());
        assertTrue(d.getFirst().text().startsWith("opcode IORING_OP_FROB = " + next), d.getFirst().text());
        assertTrue(d.getFirst().text().contains("{name: FROB, value: " + next), d.getFirst().text());
    }

    @Test
    void aRemovedOpcodeIsReported() throws Exception {
        List<Difference> d = check(replace(own, "\tIORING_OP_NOP = 0,\n", ""));
        assertEquals(1, d.size(), d.toString());
        assertTrue(d.getFirst().text().contains("opcode NOP = 0 is in the spec but the header does not define"), d.toString());
    }

    @Test
    void aNewFlagIsReportedForTheFamilyWithTheClosestName() throws Exception {
        List<Difference> d = check(own + "#define IORING_SETUP_FROB (1U << 30)\n");
        assertEquals(1, d.size(), d.toString());
        assertEquals("flags/ring.yaml", d.getFirst().file());
        assertTrue(d.getFirst().text().contains("IORING_SETUP_FROB = 0x40000000"), d.getFirst().text());
        assertTrue(d.getFirst().text().endsWith("add it to family SetupFlags"), d.getFirst().text());
    }

    @Test
    void aNewStructFieldIsReported() throws Exception {
        List<Difference> d = check(replace(own, "\t__u32 op_param;\n\t__u32 resv;\n};",
                "\t__u32 op_param;\n\t__u32 resv;\n\t__u64 frob;\n};"));
        assertEquals(2, d.size(), d.toString());
        assertTrue(d.stream().allMatch(x -> x.file().equals("structs.yaml")), d.toString());
        assertTrue(d.get(0).text().startsWith("io_uring_napi is 16 bytes in the spec, 24 in the header"), d.toString());
        assertTrue(d.get(1).text().startsWith("io_uring_napi lacks field frob (u64 at 16)"), d.toString());
    }

    @Test
    void aRemovedStructFieldIsReported() throws Exception {
        List<Difference> d = check(replace(own, "\t__u32 op_param;\n\t__u32 resv;\n};", "\t__u32 op_param;\n};"));
        assertEquals(2, d.size(), d.toString());
        assertTrue(d.get(0).text().startsWith("io_uring_napi is 16 bytes in the spec, 12 in the header"), d.toString());
        assertTrue(d.get(1).text().startsWith("io_uring_napi has field resv at 12 that the header does not declare"),
                d.toString());
    }

    @Test
    void aMovedFieldAndANewStructAreReported() throws Exception {
        String h = replace(own, "struct io_uring_file_index_range {\n\t__u32 off;\n\t__u32 len;",
                "struct io_uring_file_index_range {\n\t__u32 len;\n\t__u32 off;");
        h += "struct io_uring_frob_reg {\n\t__u64 addr;\n\tunion { __u32 a; __u32 b; };\n\t__u32 resv;\n};\n";
        List<Difference> d = check(h);
        assertEquals(3, d.size(), d.toString());
        assertTrue(d.get(0).text().contains("field len is at 4 in the spec, 0 in the header"), d.toString());
        assertTrue(d.get(1).text().contains("field off is at 0 in the spec, 4 in the header"), d.toString());
        assertTrue(d.get(2).text().startsWith("struct io_uring_frob_reg (io_uring.h:"), d.toString());
        assertTrue(d.get(2).text().endsWith("16 bytes) is not in the spec; fields: addr u64 at 0, union {a u32 at 8, b u32 at 8}, resv u32 at 12"),
                d.toString());
    }

    @Test
    void anSqeFieldAtAnotherOffsetIsReported() throws Exception {
        List<Difference> d = check(replace(own, "\t__u16 personality;\n", "\t__u8 __padX[2];\n\t__u16 personality;\n")
                .replace("struct io_uring_sqe {", "struct io_uring_sqe {"));
        assertTrue(d.stream().anyMatch(x -> x.file().equals("layout.yaml")
                && x.text().contains("field personality is at 42 in the spec, 44 in the header")), d.toString());
    }

    @Test
    void aUnionTheSpecDescribesByOneMemberIsNoDifference() throws Exception {
        // As in zcrx.h: the spec names zc_export; zc_flush overlays it.
        String h = replace(own, "\tstruct zcrx_ctrl_export zc_export;\n",
                "\tunion {\n\t\tstruct zcrx_ctrl_export zc_export;\n\t\tstruct zcrx_ctrl_flush_rq zc_flush;\n\t};\n");
        assertEquals(List.of(), check(h));
        // A member of another size at the union's place is still a difference.
        List<Difference> d = check(replace(h, "struct zcrx_ctrl_flush_rq zc_flush;", "__u64 zc_other[7];"));
        assertEquals(1, d.size(), d.toString());
        assertTrue(d.getFirst().text().startsWith("zcrx_ctrl is 72 bytes in the spec, 80 in the header"), d.toString());
    }
}
