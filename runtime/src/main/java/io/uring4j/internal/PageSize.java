package io.uring4j.internal;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The system's memory page size, from libc's {@code getpagesize()}: the kernel wants page-aligned
 * memory for a provided-buffer ring and for madvise, and page-aligned buffers suit {@code O_DIRECT}
 * reads. Self-contained (its own downcall) so the generated prep methods can name it alone.
 */
public final class PageSize {
    /** Bytes per page (4096 on x86_64 unless the kernel was built otherwise). */
    public static final long BYTES = query();

    private PageSize() {}

    private static long query() {
        Linker linker = Linker.nativeLinker();
        MethodHandle getpagesize = linker.downcallHandle(linker.defaultLookup().find("getpagesize").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT));
        try {
            return (int) getpagesize.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException("getpagesize() failed", t);
        }
    }
}
