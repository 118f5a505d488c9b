package io.uring4j.generator;

import io.uring4j.generator.emit.Emitter;
import io.uring4j.generator.header.CheckHeader;
import io.uring4j.generator.load.SpecException;
import io.uring4j.generator.load.SpecLoader;
import io.uring4j.generator.model.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Command line: {@code --spec DIR --out DIR [--tests DIR]}. Loads and validates the spec, clears
 * the output directory and writes the runtime sources (and, with --tests, the per-opcode tests).
 * {@code check-header ...} compares the spec with a kernel header instead ({@link CheckHeader}).
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws IOException {
        if (args.length > 0 && args[0].equals("check-header")) {
            CheckHeader.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.out);
            return;
        }
        Path spec = null;
        Path out = null;
        Path tests = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--spec" -> spec = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--tests" -> tests = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: --spec DIR --out DIR [--tests DIR]");
            }
        }
        if (spec == null || (out == null && tests == null)) {
            throw new IllegalArgumentException("usage: --spec DIR --out DIR [--tests DIR]");
        }
        Spec model;
        try {
            model = SpecLoader.load(spec);
        } catch (SpecException e) {
            // The message names file, line, entry and rule; the build stops here.
            throw new IllegalStateException("invalid spec: " + e.getMessage(), e);
        }
        if (out != null) {
            clean(out);
            Emitter.write(Emitter.runtimeSources(model), out);
        }
        if (tests != null) {
            clean(tests);
            Emitter.write(Emitter.testSources(model), tests);
        }
    }

    /** Stale files from an opcode removed from the spec must not survive a rebuild. */
    private static void clean(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
    }
}
