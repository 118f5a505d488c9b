package io.uring4j.testkit;

import io.uring4j.Ring;
import io.uring4j.testsupport.Libc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What one scenario owns: the ring under test, the native memory (one arena), the named
 * fixtures, the descriptors and other resources to release, and a private temporary directory.
 * The fixture factories add to it; {@link #close()} releases everything, the ring first so that
 * no request in flight outlives the memory it points to.
 */
final class Scene implements AutoCloseable {
    /** tmpfs: fast, and it keeps user.* extended attributes (a disk-backed /tmp may not). */
    private static final Path TMP_ROOT = Path.of("/dev/shm");

    final Ring ring;
    final Arena arena = Arena.ofConfined();
    private final Map<String, Fixture> fixtures = new LinkedHashMap<>();
    private final Deque<AutoCloseable> cleanups = new ArrayDeque<>();
    private final Map<Integer, String> ownedFds = new LinkedHashMap<>();
    /** Where the file and directory fixtures live, by fixture name. */
    final Map<String, Path> paths = new LinkedHashMap<>();
    private Path dir;

    Scene(Ring ring) {
        this.ring = ring;
    }

    /** Registers a new fixture; the name must be fresh. */
    Fixture add(String name, String kind) {
        if (fixtures.containsKey(name)) {
            throw new IllegalArgumentException("fixture " + name + " is defined twice");
        }
        Fixture f = new Fixture(name, kind);
        fixtures.put(name, f);
        return f;
    }

    /** The fixture a reference ({@code name} or {@code name.prop}) starts with. */
    Fixture fixture(String ref) {
        String name = ref.contains(".") ? ref.substring(0, ref.indexOf('.')) : ref;
        Fixture f = fixtures.get(name);
        if (f == null) {
            throw new IllegalArgumentException("no fixture named " + name + " (have " + fixtures.keySet() + ")");
        }
        return f;
    }

    /** The property part of a reference, or {@link Fixture#DEFAULT}. */
    static String prop(String ref) {
        return ref.contains(".") ? ref.substring(ref.indexOf('.') + 1) : Fixture.DEFAULT;
    }

    long number(String ref) {
        return fixture(ref).number(prop(ref));
    }

    int fd(String ref) {
        return Math.toIntExact(number(ref));
    }

    MemorySegment segment(String ref) {
        return fixture(ref).segment(prop(ref));
    }

    <T> T typed(String ref, Class<T> type) {
        return fixture(ref).typed(type);
    }

    /** Takes ownership of a descriptor: it is closed with the scene unless {@link #released} first. */
    int own(int fd, String what) {
        ownedFds.put(fd, what);
        return fd;
    }

    /** Forgets a descriptor something else closed (a CLOSE request, a {@code close} step). */
    void released(int fd) {
        ownedFds.remove(fd);
    }

    boolean owns(int fd) {
        return ownedFds.containsKey(fd);
    }

    /** Runs {@code c} when the scene closes (in reverse order of registration). */
    void onClose(AutoCloseable c) {
        cleanups.push(c);
    }

    /** The scene's private directory on tmpfs, made on first use. */
    Path dir() {
        if (dir == null) {
            try {
                dir = Files.createTempDirectory(TMP_ROOT, "uring4j-scenario-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    /** A NUL-terminated copy of {@code text} in the scene's arena. */
    MemorySegment cstring(String text) {
        return arena.allocateFrom(text, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        try {
            ring.close();
        } catch (RuntimeException e) {
            first = e;
        }
        while (!cleanups.isEmpty()) {
            try {
                cleanups.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        for (int fd : ownedFds.keySet()) {
            Libc.close(fd);
        }
        ownedFds.clear();
        arena.close();
        if (dir != null) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
