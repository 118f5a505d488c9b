package io.uring4j.release;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the build put what these tests inspect; the paths come from release-check/pom.xml. */
final class Built {
    private Built() {}

    static Path path(String property) {
        String value = System.getProperty(property);
        assertTrue(value != null && !value.isBlank(),
                "system property " + property + " is not set: run through Maven (release-check/pom.xml)");
        return Path.of(value).normalize();
    }

    static Path root() { return path("uring4j.root"); }

    static Path runtimeTarget() { return path("uring4j.runtime.target"); }

    /** A built jar, which must exist: a missing one names the plugin that should have made it. */
    static Path jar(String property, String madeBy) {
        Path jar = path(property);
        assertTrue(Files.isRegularFile(jar), jar + " was not built; " + madeBy + " must attach it at package");
        return jar;
    }

    static Set<String> entries(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Set<String> names = new TreeSet<>();
            file.stream().forEach(e -> names.add(e.getName()));
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
