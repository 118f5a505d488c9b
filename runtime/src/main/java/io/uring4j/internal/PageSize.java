package io.uring4j.internal;

/**
 * The system's memory page size, from libc's {@code getpagesize()}: the kernel wants page-aligned
 * memory for a provided-buffer ring, and page-aligned buffers suit {@code O_DIRECT} reads.
 */
public final class PageSize {
    /** Bytes per page (4096 on x86_64 unless the kernel was built otherwise). */
    public static final long BYTES = LibcCalls.pageSize();

    private PageSize() {}
}
