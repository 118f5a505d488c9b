package io.uring4j.generator.header;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.generator.Main;
import io.uring4j.generator.load.SpecLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command: a clean header passes, a directory is read with its io_uring/ headers, a difference fails. */
class CheckHeaderTest {
    @TempDir
    Path tmp;

    private static final String SPEC = System.getProperty("uring4j.spec.dir");

    private String run(Path header) {
        var bytes = new ByteArrayOutputStream();
        CheckHeader.run(new String[] {"--spec", SPEC, "--header", header.toString()},
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aDirectoryIsReadWithItsIoUringHeadersAndADifferenceFails() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("linux"));
        Files.writeString(dir.resolve("io_uring.h"), SpecHeader.of(SpecFacts.of(SpecLoader.load(Path.of(SPEC)))));
        String clean = run(dir);
        assertTrue(clean.endsWith("check-header: 0 differences\n"), clean);

        Files.createDirectories(dir.resolve("io_uring"));
        Files.writeString(dir.resolve("io_uring/frob.h"), "enum { IO_URING_FROB_ONE = 1, };\n");
        var bytes = new ByteArrayOutputStream();
        var e = assertThrows(CheckHeader.HeaderMismatch.class, () -> CheckHeader.run(
                new String[] {"--spec", SPEC, "--header", dir.toString()}, new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("read io_uring.h, io_uring/frob.h"), out);
        assertTrue(out.contains("spec/flags/frob.yaml: IO_URING_FROB_ONE = 1 (io_uring/frob.h:1) is not in the spec"), out);
        assertTrue(e.getMessage().startsWith("1 differences"), e.getMessage());
    }

    @Test
    void mainRunsTheCommand() throws Exception {
        Path h = tmp.resolve("io_uring.h");
        Files.writeString(h, SpecHeader.of(SpecFacts.of(SpecLoader.load(Path.of(SPEC)))));
        assertDoesNotThrow(() -> Main.main(new String[] {"check-header", "--spec", SPEC, "--header", h.toString()}));
        var e = assertThrows(IllegalArgumentException.class, () -> Main.main(new String[] {"check-header", "--spec", SPEC}));
        assertTrue(e.getMessage().contains("usage: check-header"), e.getMessage());
    }

    @Test
    void includesAreFoundInTheIncludeDirectory() throws Exception {
        Path inc = Files.createDirectories(tmp.resolve("inc/linux/io_uring"));
        Files.writeString(inc.resolve("frob.h"), "#define IO_URING_FROB_TWO 2\n");
        Path h = Files.createDirectories(tmp.resolve("elsewhere")).resolve("io_uring.h");
        Files.writeString(h, "#include <linux/io_uring/frob.h>\n" + SpecHeader.of(SpecFacts.of(SpecLoader.load(Path.of(SPEC)))));
        var bytes = new ByteArrayOutputStream();
        assertThrows(CheckHeader.HeaderMismatch.class, () -> CheckHeader.run(new String[] {"--spec", SPEC, "--header",
                h.toString(), "--include", tmp.resolve("inc").toString()}, new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("IO_URING_FROB_TWO = 2 (io_uring/frob.h:1) is not in the spec"), out);
    }
}
