package io.uring4j.channels;

import io.uring4j.kernel.flags.RwFlags;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The page-cache fast path of buffered reads: {@code preadv2(..., RWF_NOWAIT)}, which copies what
 * is cached and returns at once, or fails (EAGAIN) instead of waiting for the disk. A read the
 * cache can serve costs one short system call instead of an io_uring request and its bookkeeping;
 * anything else goes to the ring. It never waits for I/O, so a virtual thread making it holds
 * its carrier only for the copy.
 *
 * <p>The runtime has no public preadv2 (its libc downcalls are internal), so this class makes
 * its own downcall; it is the one place to switch when the runtime offers one.
 */
final class CachedReads {
    private static final MethodHandle PREADV2 = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("preadv2").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT),
            Linker.Option.critical(false));

    private CachedReads() {}

    /**
     * Reads from the page cache only.
     *
     * @param iovec address of one iovec naming live native memory the caller holds
     * @return bytes read (0 at end of file), or -1 when the cache cannot serve it (or any error:
     *         the ring's read then reports it)
     */
    static long tryRead(int fd, long iovec, long position) {
        try {
            return (long) PREADV2.invokeExact(fd, iovec, 1, position, RwFlags.NOWAIT);
        } catch (Throwable t) {
            throw new AssertionError("preadv2 downcall", t);
        }
    }
}
