package io.uring4j;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** File descriptors for the registration tests, straight from libc: open, pipe, eventfd, read, write, close. */
final class NativeFds {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG;
    private static final MethodHandle OPEN = handle("open", FunctionDescriptor.of(I, ValueLayout.ADDRESS, I, I),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle PIPE = handle("pipe", FunctionDescriptor.of(I, ValueLayout.ADDRESS));
    private static final MethodHandle EVENTFD = handle("eventfd", FunctionDescriptor.of(I, I, I));
    private static final MethodHandle READ = handle("read", FunctionDescriptor.of(L, I, ValueLayout.ADDRESS, L));
    private static final MethodHandle WRITE = handle("write", FunctionDescriptor.of(L, I, ValueLayout.ADDRESS, L));
    private static final MethodHandle CLOSE = handle("close", FunctionDescriptor.of(I, I));

    private NativeFds() {}

    private static MethodHandle handle(String name, FunctionDescriptor fd, Linker.Option... extra) {
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = Linker.Option.captureCallState("errno");
        System.arraycopy(extra, 0, options, 1, extra.length);
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), fd, options);
    }

    /** open(2) of {@code path}; fails the test on error. */
    static int open(Path path, int flags, int mode) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment errno = a.allocate(CAPTURE);
            int fd = (int) OPEN.invokeExact(errno, a.allocateFrom(path.toString()), flags, mode);
            return check(fd, errno, "open " + path);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** pipe(2): {read end, write end}. */
    static int[] pipe() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment errno = a.allocate(CAPTURE);
            MemorySegment fds = a.allocate(I, 2);
            check((int) PIPE.invokeExact(errno, fds), errno, "pipe");
            return new int[] {fds.getAtIndex(I, 0), fds.getAtIndex(I, 1)};
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** eventfd(2) with counter 0 and {@code flags} (EFD_NONBLOCK is O_NONBLOCK). */
    static int eventfd(int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment errno = a.allocate(CAPTURE);
            return check((int) EVENTFD.invokeExact(errno, 0, flags), errno, "eventfd");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Reads an eventfd's counter (resetting it); returns {@code -errno} on failure (EAGAIN: zero, nonblocking). */
    static long readEventFd(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment errno = a.allocate(CAPTURE);
            MemorySegment value = a.allocate(L);
            long r = (long) READ.invokeExact(errno, fd, value, L.byteSize());
            return r < 0 ? -(int) ERRNO.get(errno, 0L) : value.get(L, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Reads up to {@code max} bytes as a UTF-8 string. */
    static String read(int fd, int max) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment errno = a.allocate(CAPTURE);
            MemorySegment buf = a.allocate(max);
            long n = (long) READ.invokeExact(errno, fd, buf, (long) max);
            check((int) n, errno, "read");
            return new String(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Writes {@code text} (UTF-8) in one call. */
    static void write(int fd, String text) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment errno = a.allocate(CAPTURE);
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            long n = (long) WRITE.invokeExact(errno, fd, a.allocateFrom(ValueLayout.JAVA_BYTE, bytes),
                    (long) bytes.length);
            check((int) n, errno, "write");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** close(2), ignoring errors (used in cleanup). */
    static void close(int... fds) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment errno = a.allocate(CAPTURE);
            for (int fd : fds) {
                int ignored = (int) CLOSE.invokeExact(errno, fd);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static int check(int r, MemorySegment errno, String what) {
        if (r < 0) {
            throw new IllegalStateException(what + " failed: errno " + (int) ERRNO.get(errno, 0L));
        }
        return r;
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
