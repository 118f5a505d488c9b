package io.uring4j.generator;

import static io.uring4j.generator.Sources.javadocOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Adding an opcode is a YAML change only: its constant, prep method and Javadoc appear. */
class NewOpcodeTest {
    private static final String FROBNICATE = """
            opcodes:
              - name: FROBNICATE
                value: 200
                since: "7.0"
                summary: Frobnicate a file with the bytes of a buffer.
                res: bytes
                params:
                  - {name: fd, type: fd, field: fd, doc: "The file to frobnicate."}
                  - {name: buf, type: buffer, field: addr, len_field: len, doc: "The bytes to frobnicate with."}
                test:
                  fixtures:
                    - {name: f, temp_file: "abc"}
                    - {name: data, bytes: "xyz"}
                  args: {fd: f.fd, buf: data}
                  expect: {res: 3}
                  checks:
                    - {file_content: [f, "xyz"]}
            """;

    @TempDir
    Path tmp;

    @Test
    void inventedOpcodeAppearsInTheGeneratedCode() throws Exception {
        Path spec = Generation.copy(TestSpecs.realSpecDir(), tmp.resolve("spec"), false);
        Files.writeString(spec.resolve("opcodes/frobnicate.yaml"), FROBNICATE);
        Path out = tmp.resolve("out");
        Map<String, String> files = Generation.run(spec, out);

        String opcode = files.get("io/uring4j/kernel/Opcode.java");
        assertTrue(opcode.contains("FROBNICATE(200, 7, 0, \"Frobnicate a file with the bytes of a buffer.\""),
                opcode);

        String sqe = files.get("io/uring4j/Sqe.java");
        String doc = javadocOf(sqe, "public final Sqe frobnicate(int fd, MemorySegment buf)");
        assertEquals("Frobnicate a file with the bytes of a buffer.", doc.lines().findFirst().orElseThrow());
        assertTrue(doc.contains("since Linux 7.0"), doc);
        assertTrue(doc.contains("@param fd The file to frobnicate."), doc);
        assertTrue(doc.contains("@param buf The bytes to frobnicate with."), doc);

        Compiled code = Compiled.compileDir(out);
        Class<?> opcodes = code.type("io.uring4j.kernel.Opcode");
        Object frob = Compiled.call(opcodes, "ofValue", new Class<?>[] {int.class}, 200);
        assertEquals("FROBNICATE", ((Enum<?>) frob).name());
        assertEquals(7, Compiled.call(frob, "sinceMajor", new Class<?>[0]));

        try (Arena arena = Arena.ofConfined()) {
            MemorySegment slot = arena.allocate(64, 8);
            MemorySegment buf = arena.allocate(100);
            Compiled.call(code.sqe(slot, 64), "frobnicate", new Class<?>[] {int.class, MemorySegment.class}, 9, buf);
            assertEquals((byte) 200, slot.get(ValueLayout.JAVA_BYTE, 0));
            assertEquals(9, slot.get(ValueLayout.JAVA_INT_UNALIGNED, 4));
            assertEquals(buf.address(), slot.get(ValueLayout.JAVA_LONG_UNALIGNED, 16));
            assertEquals(100, slot.get(ValueLayout.JAVA_INT_UNALIGNED, 24));
        }
    }

    @Test
    void inventedOpcodeArrivesWithItsTests() throws Exception {
        Path spec = Generation.copy(TestSpecs.realSpecDir(), tmp.resolve("spec"), false);
        Files.writeString(spec.resolve("opcodes/frobnicate.yaml"), FROBNICATE);
        Path tests = tmp.resolve("tests");
        Main.main(new String[] {"--spec", spec.toString(), "--tests", tests.toString()});
        Map<String, String> files = Generation.read(tests);

        String test = files.get("io/uring4j/generated/FrobnicateTest.java");
        assertTrue(test != null, "a test class for the new opcode: " + files.keySet());
        assertTrue(test.contains("void encoding()"), test);
        assertTrue(test.contains(".frobnicate(argFd, argBuf)"), "the encoding test calls the prep method: " + test);
        assertTrue(test.contains("SqeImage.put(expected, 0, 1, 200)"), "the expected image holds the opcode: " + test);
        assertTrue(test.contains("void rejectsHeapSegments()"), test);
        assertTrue(test.contains("void kernel()"), "the scenario became a kernel test: " + test);
        assertTrue(test.contains("OpScenario.open(Opcode.FROBNICATE, \"FROBNICATE\")"), test);
        assertTrue(test.contains("sc.sqe().frobnicate(sc.fd(\"f.fd\"), sc.segment(\"data\"))"), test);
        assertTrue(test.contains("sc.expectRes(c, 3)"), test);
        assertTrue(test.contains("sc.fileContent(\"f\", \"xyz\")"), test);
    }
}
