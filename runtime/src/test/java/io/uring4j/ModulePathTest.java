package io.uring4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime as users load it: a child JVM runs a one-NOP program against the compiled module,
 * once on the module path and once on the class path, each with the matching
 * {@code --enable-native-access}; a third run without the flag shows that the check can fail.
 */
class ModulePathTest {
    private static final String PROGRAM = """
            import io.uring4j.Ring;

            public class Nop {
                public static void main(String[] args) {
                    try (Ring ring = Ring.open(4)) {
                        int res = ring.submitAndCheck(ring.nextSqe().nop());
                        System.out.println("nop res=" + res + " module=" + Ring.class.getModule().getName());
                    }
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void runsOnTheModulePathWithoutANativeAccessWarning() throws Exception {
        Result r = run("--module-path", runtimeClasses(), "--add-modules", "io.uring4j",
                "--enable-native-access=io.uring4j");
        assertEquals(0, r.exit, r::toString);
        assertTrue(r.out.contains("nop res=0 module=io.uring4j"), r::toString);
        assertFalse(r.err.contains("WARNING"), r::toString);
    }

    @Test
    void runsOnTheClassPathWithoutANativeAccessWarning() throws Exception {
        Result r = run("--class-path", runtimeClasses(), "--enable-native-access=ALL-UNNAMED");
        assertEquals(0, r.exit, r::toString);
        assertTrue(r.out.contains("nop res=0 module=null"), r::toString);
        assertFalse(r.err.contains("WARNING"), r::toString);
    }

    @Test
    void withoutTheFlagTheJvmWarnsAboutTheModule() throws Exception {
        Result r = run("--module-path", runtimeClasses(), "--add-modules", "io.uring4j");
        assertEquals(0, r.exit, r::toString);
        assertTrue(r.err.contains("WARNING") && r.err.contains("io.uring4j"), r::toString);
    }

    /** The compiled runtime: an exploded module directory (or the jar, when run from one). */
    private static String runtimeClasses() throws Exception {
        return Path.of(Ring.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private Result run(String... options) throws IOException, InterruptedException {
        Path source = dir.resolve("Nop.java");
        Files.writeString(source, PROGRAM);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(options));
        command.add(source.toString()); // source-file mode: the program is in the unnamed module
        Process p = new ProcessBuilder(command).redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM did not finish in 60 s: " + command);
        }
        return new Result(p.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
    }

    private record Result(int exit, String out, String err) {}
}
