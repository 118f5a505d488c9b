package io.uring4j.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.generator.emit.Emitter;
import io.uring4j.generator.load.SpecException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kernel test a scenario becomes: kit constants resolved, SQE flags imported, bad constants refused. */
class ScenarioEmitterTest {
    /** READ of the base spec with a scenario whose body is {@code test} (indented for the entry). */
    private static Map<String, String> readWithTest(String test) {
        return TestSpecs.replacing("opcodes/base.yaml",
                "      - {name: rw_flags, type: flags, family: RwFlags, field: rw_flags, default: 0}\n",
                "      - {name: rw_flags, type: flags, family: RwFlags, field: rw_flags, default: 0}\n" + test);
    }

    private static String readTest(Map<String, String> files) {
        return Emitter.testSources(TestSpecs.load(files)).stream()
                .filter(f -> f.typeSpec().name().equals("ReadTest"))
                .findFirst().orElseThrow().toString();
    }

    @Test
    void kitConstantsAreResolvedAndRequestFlagsImported() {
        String java = readTest(readWithTest("""
                    test:
                      fixtures:
                        - {name: f, temp_file: "hello"}
                        - {name: buf, buffer: 64}
                        - {name: mask, int_array: [RwFlags.HIPRI|RwFlags.DSYNC, 7]}
                      before:
                        - {op: NOP, flags: [IO_LINK], user_data: 1}
                      args: {fd: f, buf: buf, offset: 0}
                      expect: {res: 5}
                      checks:
                        - {starts_with: [buf, "hello"]}
                """));
        assertTrue(java.contains("sc.intArray(\"mask\", 3L /* RwFlags.HIPRI|RwFlags.DSYNC */, 7L)"), java);
        assertTrue(java.contains(".flags(SqeFlags.IO_LINK)"), java);
        assertTrue(java.contains("import io.uring4j.kernel.flags.SqeFlags;"), java);
        assertTrue(java.contains("sc.startsWith(\"buf\", \"hello\")"), java);
    }

    @Test
    void anUnknownConstantInAKitArgumentIsRejected() {
        Map<String, String> files = readWithTest("""
                    test:
                      fixtures:
                        - {name: mask, int_array: [RwFlags.NOPE]}
                      args: {fd: 3, buf: mask}
                      expect: {res: 0}
                """);
        SpecException e = assertThrows(SpecException.class, () -> TestSpecs.load(files));
        assertEquals("constant-ref", e.rule(), e::getMessage);
        assertTrue(e.getMessage().contains("RwFlags.NOPE"), e::getMessage);
    }
}
