package io.uring4j.testkit;

import io.uring4j.kernel.flags.OpenFlags;
import io.uring4j.testsupport.Libc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files and directories inside the scene's private tmpfs directory, opened through libc so the
 * scenario gets raw descriptors. Properties: {@code fd} (also the default) and {@code path} (an
 * absolute NUL-terminated path).
 */
final class FileFixtures {
    /** rw-r--r--: permission bits of the files made here. */
    private static final int FILE_MODE = 0644;

    private FileFixtures() {}

    /** A directory {@code name}, opened read-only as a directory (for the *AT opcodes' dirfd). */
    static void tempDir(Scene s, String name) {
        Path p = s.dir().resolve(name);
        try {
            Files.createDirectory(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        open(s, s.add(name, "temp_dir"), p, OpenFlags.RDONLY | OpenFlags.DIRECTORY | OpenFlags.CLOEXEC);
        s.paths.put(name, p);
    }

    /**
     * A regular file {@code name} holding {@code content}, opened read-write; inside directory
     * fixture {@code dir}, or in the scene's directory when dir is null.
     */
    static void tempFile(Scene s, String name, String content, String dir) {
        Path p = (dir == null ? s.dir() : path(s, dir)).resolve(name);
        try {
            Files.writeString(p, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        open(s, s.add(name, "temp_file"), p, OpenFlags.RDWR | OpenFlags.CLOEXEC);
        s.paths.put(name, p);
    }

    private static void open(Scene s, Fixture f, Path p, int flags) {
        var path = s.cstring(p.toString());
        int fd = (int) Libc.check("open " + p, Libc.open(path, flags, FILE_MODE));
        s.own(fd, f.name);
        f.set(Fixture.DEFAULT, fd).set("fd", fd).set("path", path);
    }

    /** The path of a file or directory fixture. */
    static Path path(Scene s, String ref) {
        Fixture f = s.fixture(ref);
        Path p = s.paths.get(f.name);
        if (p == null) {
            throw new IllegalArgumentException("fixture " + f.name + " (" + f.kind + ") is not a temp_dir or temp_file");
        }
        return p;
    }

    /** {@code rel} inside directory fixture {@code dirRef} (or the fixture itself when rel is empty). */
    static Path path(Scene s, String dirRef, String rel) {
        Path base = path(s, dirRef);
        return rel.isEmpty() ? base : base.resolve(rel);
    }
}
