package io.uring4j.internal;

import io.uring4j.kernel.flags.MmapFlags;
import io.uring4j.kernel.flags.SyscallNr;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The downcall handles of every system call the runtime makes: the three io_uring calls through
 * libc's variadic {@code syscall(2)} (io_uring has no libc wrapper), plus mmap, munmap and close.
 *
 * <p>Every method takes the caller's capture-state segment (see {@link #newErrnoSegment}) so that
 * no call allocates, and returns the kernel's convention: a non-negative result, or {@code -errno}.
 * No exceptions are raised here; callers decide what an error means.
 */
public final class Syscalls {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"))
            .withInvokeExactBehavior();
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG;
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;

    // long syscall(long nr, ...): every variadic argument is passed as a full 64-bit long, which
    // is what libc's syscall() reads for each of them, so no upper bits are left undefined.
    private static final MethodHandle SYSCALL3 = syscall(2, false);
    private static final MethodHandle SYSCALL5 = syscall(4, false);
    private static final MethodHandle SYSCALL7 = syscall(6, false);
    /**
     * io_uring_enter for a pure submit (no GETEVENTS). The kernel issues requests without
     * sleeping (anything that would block is punted to its workers), so the call is linked as
     * critical: no thread-state transition, about 5-10% off a one-NOP submit+reap round trip
     * on the reference machine. The price: a safepoint waits for the call, which an inline
     * buffered copy of a large request can stretch to tens of microseconds. Set
     * {@code -During4j.criticalSubmit=false} to link it as a normal call.
     */
    private static final MethodHandle SYSCALL7_SUBMIT =
            syscall(6, !"false".equals(System.getProperty("uring4j.criticalSubmit")));
    private static final MethodHandle MMAP = downcall("mmap",
            FunctionDescriptor.of(L, L, L, I, I, I, L));
    private static final MethodHandle MUNMAP = downcall("munmap", FunctionDescriptor.of(I, L, L));
    private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(I, I));

    private Syscalls() {}

    private static MethodHandle syscall(int varArgs, boolean critical) {
        ValueLayout[] args = new ValueLayout[varArgs + 1];
        java.util.Arrays.fill(args, L);
        FunctionDescriptor fd = FunctionDescriptor.of(L, args);
        Linker.Option variadic = Linker.Option.firstVariadicArg(1);
        return critical
                ? LINKER.downcallHandle(symbol("syscall"), fd, variadic, CAPTURE_ERRNO, Linker.Option.critical(false))
                : LINKER.downcallHandle(symbol("syscall"), fd, variadic, CAPTURE_ERRNO);
    }

    /** {@return a libc downcall that captures errno (pass a segment from {@link #newErrnoSegment} first)} */
    public static MethodHandle downcall(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(symbol(name), fd, CAPTURE_ERRNO);
    }

    public static MemorySegment symbol(String name) {
        return LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
    }

    /** {@return a segment to receive errno, one per thread that makes calls (reused for every call)} */
    public static MemorySegment newErrnoSegment(Arena arena) {
        return arena.allocate(CAPTURE);
    }

    /** {@code -errno} as captured by the last call made with {@code capture}. */
    public static long errno(MemorySegment capture) {
        return -(long) (int) ERRNO.get(capture, 0L);
    }

    /** io_uring_setup(2): the new ring fd, or -errno. */
    public static int setup(MemorySegment capture, int entries, long params) {
        try {
            long r = (long) SYSCALL3.invokeExact(capture, (long) SyscallNr.IO_URING_SETUP,
                    Integer.toUnsignedLong(entries), params);
            return (int) (r < 0 ? errno(capture) : r);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** io_uring_enter(2): the number of SQEs consumed, or -errno. */
    public static int enter(MemorySegment capture, int fd, int toSubmit, int minComplete, int flags, long arg,
            long argSize) {
        try {
            long r = (long) SYSCALL7.invokeExact(capture, (long) SyscallNr.IO_URING_ENTER,
                    Integer.toUnsignedLong(fd), Integer.toUnsignedLong(toSubmit),
                    Integer.toUnsignedLong(minComplete), Integer.toUnsignedLong(flags), arg, argSize);
            return (int) (r < 0 ? errno(capture) : r);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** io_uring_enter(2) without GETEVENTS: submits and returns without sleeping (see {@link #SYSCALL7_SUBMIT}). */
    public static int submitOnly(MemorySegment capture, int fd, int toSubmit, int flags) {
        try {
            long r = (long) SYSCALL7_SUBMIT.invokeExact(capture, (long) SyscallNr.IO_URING_ENTER,
                    Integer.toUnsignedLong(fd), Integer.toUnsignedLong(toSubmit), 0L,
                    Integer.toUnsignedLong(flags), 0L, 0L);
            return (int) (r < 0 ? errno(capture) : r);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** io_uring_register(2): the opcode's result, or -errno. */
    public static int register(MemorySegment capture, int fd, int op, long arg, int nrArgs) {
        try {
            long r = (long) SYSCALL5.invokeExact(capture, (long) SyscallNr.IO_URING_REGISTER,
                    Integer.toUnsignedLong(fd), Integer.toUnsignedLong(op), arg, Integer.toUnsignedLong(nrArgs));
            return (int) (r < 0 ? errno(capture) : r);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** mmap(2) of {@code length} bytes of {@code fd} at {@code offset}, where the kernel chooses: the address, or -errno. */
    public static long mmap(MemorySegment capture, long length, int prot, int flags, int fd, long offset) {
        return mmapAt(capture, 0L, length, prot, flags, fd, offset);
    }

    /** mmap(2) with an address hint ({@code MAP_FIXED} in {@code flags} makes it exact): the address, or -errno. */
    public static long mmapAt(MemorySegment capture, long address, long length, int prot, int flags, int fd, long offset) {
        try {
            long r = (long) MMAP.invokeExact(capture, address, length, prot, flags, fd, offset);
            return r == MmapFlags.FAILED ? errno(capture) : r;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** munmap(2): 0, or -errno. */
    public static int munmap(MemorySegment capture, long address, long length) {
        try {
            int r = (int) MUNMAP.invokeExact(capture, address, length);
            return r < 0 ? (int) errno(capture) : r;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** close(2): 0, or -errno. */
    public static int close(MemorySegment capture, int fd) {
        try {
            int r = (int) CLOSE.invokeExact(capture, fd);
            return r < 0 ? (int) errno(capture) : r;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Rethrows what a downcall threw; anything checked becomes an IllegalStateException. */
    public static RuntimeException unexpected(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native call failed unexpectedly", t);
    }
}
