package io.uring4j.channels;

import io.uring4j.EventFdRegistration;
import io.uring4j.Ring;
import io.uring4j.kernel.flags.OpenFlags;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The reaper's doorbell: an eventfd registered with the ring ({@code REGISTER_EVENTFD}), which
 * the kernel signals whenever it posts completions. The reaper blocks reading it instead of
 * waiting inside the ring, so it never holds the ring's consumer side while it sleeps and any
 * thread may drain the completion queue meanwhile.
 *
 * <p>This is the layer's one use of the runtime beyond the core ring API
 * ({@link EventFdRegistration}), and it makes its own eventfd(2)/read(2) downcalls because the
 * runtime's libc calls are internal: the place to change when the runtime offers them.
 */
final class CompletionSignal {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle EVENTFD = LINKER.downcallHandle(LINKER.defaultLookup().find("eventfd").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle READ = LINKER.downcallHandle(LINKER.defaultLookup().find("read").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
    /** EFD_CLOEXEC has O_CLOEXEC's value. */
    private static final int EFD_CLOEXEC = OpenFlags.CLOEXEC;

    private final int fd;
    private final MemorySegment counter = Arena.global().allocate(Long.BYTES, Long.BYTES);

    CompletionSignal(Ring ring) {
        try {
            fd = (int) EVENTFD.invokeExact(0, EFD_CLOEXEC);
        } catch (Throwable t) {
            throw new AssertionError("eventfd downcall", t);
        }
        if (fd < 0) {
            throw new IllegalStateException("eventfd(2) failed: cannot create the channels' completion signal");
        }
        EventFdRegistration.register(ring, fd);
    }

    /** Blocks the calling (platform) thread until completions were posted since the last call. */
    void await() {
        try {
            long r;
            do {
                r = (long) READ.invokeExact(fd, counter.address(), (long) Long.BYTES);
            } while (r < 0); // EINTR
        } catch (Throwable t) {
            throw new AssertionError("read downcall", t);
        }
    }
}
