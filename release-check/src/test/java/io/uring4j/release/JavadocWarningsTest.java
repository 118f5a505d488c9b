package io.uring4j.release;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runtime's Javadoc, hand-written and generated, has no warnings: runs the javadoc tool on the
 * module's sources (as the javadoc jar is made from them) and counts what it reports. The Maven
 * plugin runs quietly and does not fail on warnings by itself, so this is the check.
 */
class JavadocWarningsTest {

    @Test
    void runtimeJavadocHasNoWarnings() throws IOException {
        Path runtime = Built.runtimeTarget().getParent();
        Path handWritten = runtime.resolve("src/main/java");
        Path generated = runtime.resolve("target/generated-sources/uring4j");
        assertTrue(Files.isDirectory(generated), generated + " is missing: build the runtime first");
        Path out = Files.createTempDirectory("uring4j-javadoc");
        ToolProvider javadoc = ToolProvider.findFirst("javadoc").orElseThrow();
        StringWriter log = new StringWriter();
        PrintWriter writer = new PrintWriter(log);
        int rc = javadoc.run(writer, writer, List.of(
                "-quiet", "-Xmaxwarns", "100000", "-d", out.toString(),
                "--snippet-path", runtime.resolve("src/test/java").toString(),
                "--module-source-path", "io.uring4j=" + handWritten + ":" + generated,
                "--module", "io.uring4j").toArray(String[]::new));
        writer.flush();
        List<String> warnings;
        try (Stream<String> lines = log.toString().lines()) {
            warnings = lines.filter(l -> l.contains(": warning:") || l.contains(": error:")).toList();
        }
        assertEquals(0, rc, "javadoc failed:\n" + log);
        assertEquals(List.of(), warnings, "javadoc warnings in the runtime (hand-written or generated from the spec)");
    }
}
