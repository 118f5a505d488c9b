package io.uring4j.channels;

import io.uring4j.kernel.flags.OpenFlags;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Wakes a ring thread asleep in io_uring_enter: an eventfd the ring keeps a read pending on;
 * writing it completes that read. The runtime's libc calls are internal, so this class makes its
 * own eventfd(2) and write(2) downcalls: the one place to change when the runtime offers them.
 */
final class Doorbell {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle EVENTFD = LINKER.downcallHandle(LINKER.defaultLookup().find("eventfd").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle WRITE = LINKER.downcallHandle(LINKER.defaultLookup().find("write").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
    /** EFD_CLOEXEC has O_CLOEXEC's value. */
    private static final int EFD_CLOEXEC = OpenFlags.CLOEXEC;
    /** The value written: any non-zero count wakes the reader. */
    private static final MemorySegment ONE = Arena.global().allocateFrom(ValueLayout.JAVA_LONG, 1L);

    private final int fd;
    /** Where the ring's pending read puts the count; only the ring thread's request writes it. */
    private final MemorySegment counter = Arena.global().allocate(Long.BYTES, Long.BYTES);

    Doorbell() {
        try {
            fd = (int) EVENTFD.invokeExact(0, EFD_CLOEXEC);
        } catch (Throwable t) {
            throw new AssertionError("eventfd downcall", t);
        }
        if (fd < 0) {
            throw new IllegalStateException("eventfd(2) failed: cannot create the channels ring's doorbell");
        }
    }

    int fd() {
        return fd;
    }

    MemorySegment counter() {
        return counter;
    }

    /** Wakes the ring thread (a short, non-blocking system call). */
    void ring() {
        try {
            long r = (long) WRITE.invokeExact(fd, ONE.address(), (long) Long.BYTES);
            assert r == Long.BYTES || r < 0;
        } catch (Throwable t) {
            throw new AssertionError("write downcall", t);
        }
    }
}
