package io.uring4j.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The libc functions the process, epoll and budget helpers call (posix_spawn, epoll_create1,
 * epoll_ctl, getrlimit; getpagesize is in {@link PageSize}). None is on a hot path, so each call takes its errno capture
 * from a short-lived arena. Results follow the kernel convention: non-negative, or {@code -errno}
 * (posix_spawn returns its error number itself, as C does).
 */
public final class LibcCalls {
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG;

    private static final MethodHandle EPOLL_CREATE1 = Syscalls.downcall("epoll_create1", FunctionDescriptor.of(I, I));
    private static final MethodHandle EPOLL_CTL = Syscalls.downcall("epoll_ctl", FunctionDescriptor.of(I, I, I, I, L));
    private static final MethodHandle GETTID = Linker.nativeLinker().downcallHandle(Syscalls.symbol("gettid"),
            FunctionDescriptor.of(I));
    private static final MethodHandle GETRLIMIT = Syscalls.downcall("getrlimit", FunctionDescriptor.of(I, I, L));
    private static final MethodHandle GETSOCKNAME = Syscalls.downcall("getsockname", FunctionDescriptor.of(I, I, L, L));
    // int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *fa,
    //                 const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
    private static final MethodHandle POSIX_SPAWN = Linker.nativeLinker().downcallHandle(
            Syscalls.symbol("posix_spawn"), FunctionDescriptor.of(I, L, L, L, L, L, L));

    private LibcCalls() {}

    private static int errno(MemorySegment capture) {
        return (int) Syscalls.errno(capture);
    }

    /** epoll_create1(2): the new epoll fd, or -errno. */
    public static int epollCreate1(int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment capture = Syscalls.newErrnoSegment(a);
            int r = (int) EPOLL_CREATE1.invokeExact(capture, flags);
            return r < 0 ? errno(capture) : r;
        } catch (Throwable t) {
            throw Syscalls.unexpected(t);
        }
    }

    /** epoll_ctl(2) with the struct epoll_event at {@code event} (0 for none): 0, or -errno. */
    public static int epollCtl(int epfd, int op, int fd, long event) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment capture = Syscalls.newErrnoSegment(a);
            int r = (int) EPOLL_CTL.invokeExact(capture, epfd, op, fd, event);
            return r < 0 ? errno(capture) : r;
        } catch (Throwable t) {
            throw Syscalls.unexpected(t);
        }
    }

    /** getrlimit(2) into the struct rlimit at {@code rlimit}: 0, or -errno. */
    public static int getrlimit(int resource, long rlimit) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment capture = Syscalls.newErrnoSegment(a);
            int r = (int) GETRLIMIT.invokeExact(capture, resource, rlimit);
            return r < 0 ? errno(capture) : r;
        } catch (Throwable t) {
            throw Syscalls.unexpected(t);
        }
    }

    /**
     * getsockname(2) into the sockaddr at {@code addr}, whose room in bytes is the int at
     * {@code lenPtr} (updated to the address length): 0, or -errno. io_uring has no opcode for it.
     */
    public static int getsockname(int fd, long addr, long lenPtr) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment capture = Syscalls.newErrnoSegment(a);
            int r = (int) GETSOCKNAME.invokeExact(capture, fd, addr, lenPtr);
            return r < 0 ? errno(capture) : r;
        } catch (Throwable t) {
            throw Syscalls.unexpected(t);
        }
    }

    /** posix_spawn(3) with default file actions and attributes: 0, or the (positive) error number. */
    public static int posixSpawn(long pidOut, long path, long argv, long envp) {
        try {
            return (int) POSIX_SPAWN.invokeExact(pidOut, path, 0L, 0L, argv, envp);
        } catch (Throwable t) {
            throw Syscalls.unexpected(t);
        }
    }

    /** {@return the address of the process environment ({@code char **environ}), for a child that inherits it} */
    public static long environ() {
        return Syscalls.symbol("environ").reinterpret(ValueLayout.ADDRESS.byteSize()).get(ValueLayout.JAVA_LONG, 0);
    }

    /** {@return the calling thread's kernel thread id (gettid(2))} */
    public static int gettid() {
        try {
            return (int) GETTID.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** close(2): 0, or -errno. */
    public static int close(int fd) {
        try (Arena a = Arena.ofConfined()) {
            return Syscalls.close(Syscalls.newErrnoSegment(a), fd);
        }
    }
}
