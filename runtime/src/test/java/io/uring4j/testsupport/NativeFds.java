package io.uring4j.testsupport;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * File-descriptor conveniences for tests, in Java types (paths, strings, int arrays) over
 * {@link Libc}; each fails the test with the errno's name unless it says otherwise.
 */
public final class NativeFds {
    private NativeFds() {}

    /** open(2) of {@code path}. */
    public static int open(Path path, int flags, int mode) {
        try (Arena a = Arena.ofConfined()) {
            return (int) Libc.check("open " + path, Libc.open(a.allocateFrom(path.toString()), flags, mode));
        }
    }

    /** pipe(2): {read end, write end}. */
    public static int[] pipe() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment fds = a.allocate(ValueLayout.JAVA_INT, 2);
            Libc.check("pipe", Libc.pipe2(fds, 0));
            return new int[] {fds.getAtIndex(ValueLayout.JAVA_INT, 0), fds.getAtIndex(ValueLayout.JAVA_INT, 1)};
        }
    }

    /** eventfd(2) with counter 0 and {@code flags} (EFD_NONBLOCK is O_NONBLOCK). */
    public static int eventfd(int flags) {
        return (int) Libc.check("eventfd", Libc.eventfd(0, flags));
    }

    /** Reads an eventfd's counter (resetting it); returns {@code -errno} on failure (EAGAIN: zero, nonblocking). */
    public static long readEventFd(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment value = a.allocate(ValueLayout.JAVA_LONG);
            long r = Libc.read(fd, value);
            return r < 0 ? r : value.get(ValueLayout.JAVA_LONG, 0);
        }
    }

    /** Reads up to {@code max} bytes as a UTF-8 string. */
    public static String read(int fd, int max) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(max);
            long n = Libc.check("read", Libc.read(fd, buf));
            return new String(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
        }
    }

    /** Writes {@code text} (UTF-8) in one call. */
    public static void write(int fd, String text) {
        try (Arena a = Arena.ofConfined()) {
            Libc.check("write", Libc.write(fd, a.allocateFrom(ValueLayout.JAVA_BYTE, text.getBytes(StandardCharsets.UTF_8))));
        }
    }

    /** close(2), ignoring errors (used in cleanup). */
    public static void close(int... fds) {
        for (int fd : fds) {
            Libc.close(fd);
        }
    }
}
