package io.uring4j.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.generator.emit.Emitter;
import io.uring4j.generator.load.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same spec always gives the same files, byte for byte, whatever the run or file-system order. */
class DeterminismTest {
    @TempDir
    Path tmp;

    @Test
    void twoRunsOnTheRealSpecAreByteIdentical() throws Exception {
        Path spec = TestSpecs.realSpecDir();
        Map<String, String> first = Generation.run(spec, tmp.resolve("a"));
        Map<String, String> second = Generation.run(spec, tmp.resolve("b"));
        assertTrue(first.containsKey("io/uring4j/Sqe.java"), first.keySet()::toString);
        assertTrue(first.containsKey("io/uring4j/kernel/Opcode.java"), first.keySet()::toString);
        assertEquals(List.copyOf(first.keySet()), List.copyOf(second.keySet()));
        for (String file : first.keySet()) {
            assertEquals(first.get(file), second.get(file), file);
            assertArrayEquals(Files.readAllBytes(tmp.resolve("a").resolve(file)),
                    Files.readAllBytes(tmp.resolve("b").resolve(file)), file);
        }
    }

    @Test
    void fileCreationOrderDoesNotMatter() throws Exception {
        Path real = TestSpecs.realSpecDir();
        Path forward = Generation.copy(real, tmp.resolve("forward"), false);
        Path backward = Generation.copy(real, tmp.resolve("backward"), true);
        assertEquals(Generation.run(forward, tmp.resolve("out1")), Generation.run(backward, tmp.resolve("out2")));
    }

    @Test
    void emittedFileListIsStable() {
        Path spec = TestSpecs.realSpecDir();
        List<String> first = Emitter.runtimeSources(SpecLoader.load(spec)).stream()
                .map(f -> f.packageName() + "." + f.typeSpec().name()).toList();
        List<String> second = Emitter.runtimeSources(SpecLoader.load(spec)).stream()
                .map(f -> f.packageName() + "." + f.typeSpec().name()).toList();
        assertEquals(first, second);
        assertEquals(first.size(), first.stream().distinct().count(), "no class is emitted twice");
        // Families follow the spec's path order: flags/cqe.yaml comes before flags/sqe.yaml.
        assertTrue(first.indexOf("io.uring4j.kernel.flags.CqeFlags") < first.indexOf("io.uring4j.kernel.flags.SqeFlags"),
                first::toString);
    }

    @Test
    void outputCarriesNoDateOrPath() throws Exception {
        Map<String, String> files = Generation.run(TestSpecs.realSpecDir(), tmp.resolve("out"));
        for (var e : files.entrySet()) {
            assertFalse(e.getValue().contains("date ="), e.getKey());
            assertFalse(e.getValue().contains(tmp.toString()), e.getKey());
            assertFalse(e.getValue().contains(TestSpecs.realSpecDir().toAbsolutePath().normalize().toString()),
                    e.getKey());
        }
    }
}
