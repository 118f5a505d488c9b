package io.uring4j.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.generator.load.SpecException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: arguments, stale output, and a broken spec stopping the build. */
class MainTest {
    @TempDir
    Path tmp;

    @Test
    void regenerationRemovesStaleFiles() throws Exception {
        Path out = tmp.resolve("out");
        var first = Generation.run(TestSpecs.realSpecDir(), out);
        Path stale = out.resolve("io/uring4j/Removed.java");
        Files.writeString(stale, "class Removed {}");
        var second = Generation.run(TestSpecs.realSpecDir(), out);
        assertFalse(Files.exists(stale));
        assertEquals(first, second);
    }

    @Test
    void brokenSpecStopsWithTheFileAndRule() throws Exception {
        Path spec = Generation.copy(TestSpecs.realSpecDir(), tmp.resolve("spec"), false);
        Files.writeString(spec.resolve("opcodes/zz-broken.yaml"), """
                opcodes:
                  - name: BROKEN
                    value: 201
                    since: "7"
                    summary: Broken.
                    res: zero
                """);
        Path out = tmp.resolve("out");
        var e = assertThrows(IllegalStateException.class,
                () -> Main.main(new String[] {"--spec", spec.toString(), "--out", out.toString()}));
        assertTrue(e.getMessage().contains("opcodes/zz-broken.yaml:2"), e.getMessage());
        assertTrue(e.getMessage().contains("[since-format]"), e.getMessage());
        assertInstanceOf(SpecException.class, e.getCause());
        assertFalse(Files.exists(out), "nothing is written for a broken spec");
    }

    @Test
    void unknownArgumentIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> Main.main(new String[] {"--sepc", "x"}));
        assertTrue(e.getMessage().contains("--sepc"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Main.main(new String[] {"--spec", "x"}));
    }
}
