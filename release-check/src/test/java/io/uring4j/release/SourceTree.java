package io.uring4j.release;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The .java files of one source root, as paths relative to it ("io/uring4j/Sqe.java"). */
record SourceTree(Path root, List<String> files) {
    private static final Pattern PUBLIC_TOP_LEVEL = Pattern.compile(
            "(?m)^public\\s+(?:(?:final|abstract|sealed|non-sealed|static|strictfp)\\s+)*"
                    + "(?:class|interface|enum|record|@interface)\\s");

    static SourceTree of(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            List<String> files = walk.filter(p -> p.toString().endsWith(".java"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
            return new SourceTree(root, files);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    /** Package-info and module-info files carry no type of their own. */
    static boolean isTypeFile(String file) {
        return !file.endsWith("package-info.java") && !file.endsWith("module-info.java");
    }

    /** Whether the file declares a public top-level type, which Javadoc documents. */
    boolean declaresPublicType(String file) {
        try {
            return PUBLIC_TOP_LEVEL.matcher(Files.readString(root.resolve(file))).find();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String packageOf(String file) {
        int slash = file.lastIndexOf('/');
        return slash < 0 ? "" : file.substring(0, slash).replace('/', '.');
    }
}
