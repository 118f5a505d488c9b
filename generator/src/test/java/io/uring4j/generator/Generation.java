package io.uring4j.generator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Runs the generator's command line and reads back what it wrote; copies spec directories. */
final class Generation {
    private Generation() {}

    /** {@code Main --spec specDir --out out}; returns relative path (with '/') to file text. */
    static Map<String, String> run(Path specDir, Path out) throws IOException {
        Main.main(new String[] {"--spec", specDir.toString(), "--out", out.toString()});
        return read(out);
    }

    static Map<String, String> read(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        for (Path p : files(dir)) {
            files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readString(p));
        }
        return files;
    }

    /** Regular files below dir, sorted. */
    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** Copies {@code from} to {@code to}, creating the files in reverse path order when asked. */
    static Path copy(Path from, Path to, boolean reverse) {
        try {
            List<Path> sources = new ArrayList<>(files(from));
            if (reverse) {
                sources = sources.reversed();
            }
            for (Path p : sources) {
                Path target = to.resolve(from.relativize(p).toString());
                Files.createDirectories(target.getParent());
                Files.copy(p, target);
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
