package io.uring4j.generator.header;

import io.uring4j.generator.load.SpecLoader;
import io.uring4j.generator.model.Spec;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code check-header --spec DIR --header FILE|DIR [--header ...] [--include DIR]}: reads a uapi
 * io_uring.h (and the io_uring headers it includes, or every {@code *.h} of a directory and its
 * {@code io_uring/} subdirectory) and prints every difference from the spec, each with the spec
 * file to edit. Differences make the command fail.
 */
public final class CheckHeader {
    private CheckHeader() {}

    /** Thrown after the report is printed when the header and the spec differ. */
    public static final class HeaderMismatch extends RuntimeException {
        public HeaderMismatch(String message) {
            super(message);
        }
    }

    public static final String USAGE = "usage: check-header --spec DIR --header FILE|DIR [--header ...] [--include DIR]";

    /** Runs the command; prints the report to {@code out} and throws {@link HeaderMismatch} on a difference. */
    public static void run(String[] args, PrintStream out) {
        Path spec = null;
        List<Path> headers = new ArrayList<>();
        List<Path> include = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + args[i] + "; " + USAGE);
            }
            switch (args[i]) {
                case "--spec" -> spec = Path.of(args[++i]);
                case "--header" -> headers.addAll(expand(Path.of(args[++i])));
                case "--include" -> include.add(Path.of(args[++i]));
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; " + USAGE);
            }
        }
        if (spec == null || headers.isEmpty()) {
            throw new IllegalArgumentException(USAGE);
        }
        Spec model = SpecLoader.load(spec);
        CHeader header = HeaderReader.read(headers, include);
        List<Difference> diffs = HeaderDiff.compare(header, SpecFacts.of(model));
        out.println("check-header: read " + String.join(", ", header.files()) + " (" + header.constants().size()
                + " constants, " + header.structs().size() + " structs)");
        for (Difference d : diffs) {
            out.println("spec/" + d);
        }
        out.println("check-header: " + diffs.size() + (diffs.size() == 1 ? " difference" : " differences"));
        if (!diffs.isEmpty()) {
            throw new HeaderMismatch(diffs.size() + " differences between the spec and " + String.join(", ", header.files())
                    + "; edit the spec files named above");
        }
    }

    /** A directory stands for its *.h files and those of its io_uring/ subdirectory. */
    private static List<Path> expand(Path p) {
        if (!Files.isDirectory(p)) {
            return List.of(p);
        }
        List<Path> out = new ArrayList<>();
        for (Path d : List.of(p, p.resolve("io_uring"))) {
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> s = Files.list(d)) {
                s.filter(f -> f.toString().endsWith(".h") && Files.isRegularFile(f))
                        .sorted(Comparator.comparing(Path::toString)).forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
