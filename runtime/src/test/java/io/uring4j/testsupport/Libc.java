package io.uring4j.testsupport;

import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.SyscallNr;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * The one libc helper of the tests (runtime tests and the generated per-opcode kit): the calls
 * that build fixtures and check side effects, through FFM. Each
 * returns the kernel's convention, a non-negative result or {@code -errno}; {@link #check}
 * turns a failure into an exception naming the call and the errno. Speed does not matter here:
 * calls go through {@code invokeWithArguments}.
 */
public final class Libc {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG;
    private static final ValueLayout P = ValueLayout.ADDRESS;

    private static final MethodHandle OPEN = variadic("open", FunctionDescriptor.of(I, P, I, I), 2);
    private static final MethodHandle CLOSE = fn("close", FunctionDescriptor.of(I, I));
    private static final MethodHandle READ = fn("read", FunctionDescriptor.of(L, I, P, L));
    private static final MethodHandle WRITE = fn("write", FunctionDescriptor.of(L, I, P, L));
    private static final MethodHandle DUP = fn("dup", FunctionDescriptor.of(I, I));
    private static final MethodHandle PIPE2 = fn("pipe2", FunctionDescriptor.of(I, P, I));
    private static final MethodHandle SOCKETPAIR = fn("socketpair", FunctionDescriptor.of(I, I, I, I, P));
    private static final MethodHandle SOCKET = fn("socket", FunctionDescriptor.of(I, I, I, I));
    private static final MethodHandle BIND = fn("bind", FunctionDescriptor.of(I, I, P, I));
    private static final MethodHandle LISTEN = fn("listen", FunctionDescriptor.of(I, I, I));
    private static final MethodHandle CONNECT = fn("connect", FunctionDescriptor.of(I, I, P, I));
    private static final MethodHandle ACCEPT4 = fn("accept4", FunctionDescriptor.of(I, I, P, P, I));
    private static final MethodHandle GETSOCKNAME = fn("getsockname", FunctionDescriptor.of(I, I, P, P));
    private static final MethodHandle GETSOCKOPT = fn("getsockopt", FunctionDescriptor.of(I, I, I, I, P, P));
    private static final MethodHandle EVENTFD = fn("eventfd", FunctionDescriptor.of(I, I, I));
    private static final MethodHandle EPOLL_CREATE1 = fn("epoll_create1", FunctionDescriptor.of(I, I));
    private static final MethodHandle EPOLL_CTL = fn("epoll_ctl", FunctionDescriptor.of(I, I, I, I, P));
    private static final MethodHandle EPOLL_WAIT = fn("epoll_wait", FunctionDescriptor.of(I, I, P, I, I));
    private static final MethodHandle POSIX_SPAWN = fn("posix_spawn", FunctionDescriptor.of(I, P, P, P, P, P, P));
    private static final MethodHandle WAITPID = fn("waitpid", FunctionDescriptor.of(I, I, P, I));
    private static final MethodHandle FGETXATTR = fn("fgetxattr", FunctionDescriptor.of(L, I, P, P, L));
    private static final MethodHandle FSETXATTR = fn("fsetxattr", FunctionDescriptor.of(I, I, P, P, L, I));
    private static final MethodHandle GETPAGESIZE = fn("getpagesize", FunctionDescriptor.of(I));
    private static final MethodHandle SYSCALL5 = variadic("syscall", FunctionDescriptor.of(L, L, L, L, L, L), 1);

    /** write(2) without errno capture, called with invokeExact: the one allocation-free call here. */
    private static final MethodHandle WRITE_EXACT = LINKER.downcallHandle(LINKER.defaultLookup().find("write")
            .orElseThrow(), FunctionDescriptor.of(L, I, P, L));

    private Libc() {}

    private static MethodHandle fn(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name)), fd, Linker.Option.captureCallState("errno"));
    }

    private static MethodHandle variadic(String name, FunctionDescriptor fd, int firstVariadic) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name)
                        .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name)), fd,
                Linker.Option.firstVariadicArg(firstVariadic), Linker.Option.captureCallState("errno"));
    }

    /** Calls {@code h} with a fresh errno capture; returns the result or {@code -errno}. */
    private static long call(MethodHandle h, Object... args) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment capture = a.allocate(CAPTURE);
            Object[] all = new Object[args.length + 1];
            all[0] = capture;
            System.arraycopy(args, 0, all, 1, args.length);
            Object r = h.invokeWithArguments(List.of(all));
            long v = r instanceof Integer i ? i : (Long) r;
            return v < 0 ? -(long) (int) ERRNO.get(capture, 0L) : v;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("native call failed", t);
        }
    }

    /** {@code r} if it is not an error, else an IllegalStateException naming {@code what} and the errno. */
    public static long check(String what, long r) {
        if (r < 0) {
            throw new IllegalStateException(what + " failed: " + Errno.nameOf((int) -r));
        }
        return r;
    }

    public static int open(MemorySegment path, int flags, int mode) {
        return (int) call(OPEN, path, flags, mode);
    }

    public static int close(int fd) {
        return (int) call(CLOSE, fd);
    }

    public static long read(int fd, MemorySegment buf) {
        return call(READ, fd, buf, buf.byteSize());
    }

    public static long write(int fd, MemorySegment buf) {
        return call(WRITE, fd, buf, buf.byteSize());
    }

    public static int dup(int fd) {
        return (int) call(DUP, fd);
    }

    /** pipe2 into a 2-int segment: [read end, write end]. */
    public static int pipe2(MemorySegment fds, int flags) {
        return (int) call(PIPE2, fds, flags);
    }

    public static int socketpair(int domain, int type, int protocol, MemorySegment fds) {
        return (int) call(SOCKETPAIR, domain, type, protocol, fds);
    }

    public static int socket(int domain, int type, int protocol) {
        return (int) call(SOCKET, domain, type, protocol);
    }

    public static int bind(int fd, MemorySegment addr) {
        return (int) call(BIND, fd, addr, (int) addr.byteSize());
    }

    public static int listen(int fd, int backlog) {
        return (int) call(LISTEN, fd, backlog);
    }

    public static int connect(int fd, MemorySegment addr) {
        return (int) call(CONNECT, fd, addr, (int) addr.byteSize());
    }

    public static int accept4(int fd, int flags) {
        return (int) call(ACCEPT4, fd, MemorySegment.NULL, MemorySegment.NULL, flags);
    }

    /** getsockname into {@code addr}; {@code len} is an int in/out. */
    public static int getsockname(int fd, MemorySegment addr, MemorySegment len) {
        return (int) call(GETSOCKNAME, fd, addr, len);
    }

    public static int getsockopt(int fd, int level, int name, MemorySegment value, MemorySegment len) {
        return (int) call(GETSOCKOPT, fd, level, name, value, len);
    }

    public static int eventfd(int initial, int flags) {
        return (int) call(EVENTFD, initial, flags);
    }

    public static int epollCreate1(int flags) {
        return (int) call(EPOLL_CREATE1, flags);
    }

    public static int epollCtl(int epfd, int op, int fd, MemorySegment event) {
        return (int) call(EPOLL_CTL, epfd, op, fd, event);
    }

    public static int epollWait(int epfd, MemorySegment events, int max, int timeoutMillis) {
        return (int) call(EPOLL_WAIT, epfd, events, max, timeoutMillis);
    }

    /**
     * posix_spawn(pid, path, NULL, NULL, argv, envp). Unlike the others this returns the error
     * number itself (positive) on failure, as posix_spawn does, or 0.
     */
    public static int posixSpawn(MemorySegment pid, MemorySegment path, MemorySegment argv, MemorySegment envp) {
        return (int) call(POSIX_SPAWN, pid, path, MemorySegment.NULL, MemorySegment.NULL, argv, envp);
    }

    public static int waitpid(int pid, MemorySegment status, int options) {
        return (int) call(WAITPID, pid, status, options);
    }

    public static long fgetxattr(int fd, MemorySegment name, MemorySegment value) {
        return call(FGETXATTR, fd, name, value, value.byteSize());
    }

    public static int fsetxattr(int fd, MemorySegment name, MemorySegment value, int flags) {
        return (int) call(FSETXATTR, fd, name, value, value.byteSize(), flags);
    }

    /** The system page size (madvise and memory registration work on whole pages). */
    public static long pageSize() {
        return call(GETPAGESIZE);
    }

    /** io_uring_register(2) through syscall(2): io_uring has no libc wrapper. */
    public static int ioUringRegister(int ringFd, int op, MemorySegment arg, int nrArgs) {
        return (int) call(SYSCALL5, (long) SyscallNr.IO_URING_REGISTER, Integer.toUnsignedLong(ringFd),
                Integer.toUnsignedLong(op), arg.address(), Integer.toUnsignedLong(nrArgs));
    }

    /**
     * write(2) of {@code buf}, allocation-free (for allocation tests): returns the byte count, or
     * -1 on failure without the errno.
     */
    public static long writeNoAlloc(int fd, MemorySegment buf) {
        try {
            return (long) WRITE_EXACT.invokeExact(fd, buf, buf.byteSize());
        } catch (Throwable t) {
            throw new IllegalStateException("write failed", t);
        }
    }
}
