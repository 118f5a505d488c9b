package io.uring4j.os;

import io.uring4j.UringException;
import io.uring4j.internal.LibcCalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Starts a child process with posix_spawn(3), so that the caller, not the JVM, reaps it (e.g.
 * with {@code WAITID} through {@link ChildStatus}). The child inherits the environment, the
 * working directory and every descriptor not marked close-on-exec. Allocates; not for a hot path.
 *
 * <p>Why not {@link ProcessBuilder}: the JVM reaps its children on a thread of its own, which
 * races with a {@code WAITID} request for the exit status.
 *
 * <p>Example:
 * <pre>{@code
 * int pid = ProcessSpawn.spawn("/bin/sh", "-c", "exit 3");
 * }</pre>
 */
public final class ProcessSpawn {
    private ProcessSpawn() {}

    /**
     * Starts {@code path} with arguments {@code args} ({@code argv[0]} is {@code path}).
     *
     * @param path an absolute path of an executable (no PATH search)
     * @param args the arguments after the program name
     * @return the child's process id
     * @throws IllegalArgumentException when path is not absolute, or a string holds a NUL
     * @throws UringException           when posix_spawn fails (e.g. ENOENT, EACCES), naming the path
     */
    public static int spawn(String path, String... args) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("path must be an absolute path of an executable; was " + path);
        }
        if (args == null) {
            throw new IllegalArgumentException("args must not be null (pass none for no arguments)");
        }
        checkNoNul(path, "path");
        try (Arena a = Arena.ofConfined()) {
            MemorySegment argv = a.allocate(ValueLayout.ADDRESS, args.length + 2L); // argv[0], args, NULL
            argv.setAtIndex(ValueLayout.ADDRESS, 0, a.allocateFrom(path));
            for (int i = 0; i < args.length; i++) {
                checkNoNul(args[i], "args[" + i + "]");
                argv.setAtIndex(ValueLayout.ADDRESS, i + 1, a.allocateFrom(args[i]));
            }
            MemorySegment pid = a.allocate(ValueLayout.JAVA_INT);
            int err = LibcCalls.posixSpawn(pid.address(), argv.getAtIndex(ValueLayout.ADDRESS, 0).address(),
                    argv.address(), LibcCalls.environ());
            if (err != 0) {
                throw new UringException("posix_spawn " + path, err);
            }
            return pid.get(ValueLayout.JAVA_INT, 0);
        }
    }

    private static void checkNoNul(String s, String param) {
        if (s == null) {
            throw new IllegalArgumentException(param + " must not be null");
        }
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(param + " holds a NUL character, which would cut it short");
        }
    }
}
