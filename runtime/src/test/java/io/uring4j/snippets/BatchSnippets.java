package io.uring4j.snippets;

import io.uring4j.Ring;
import io.uring4j.SqeBatch;
import java.lang.foreign.MemorySegment;

/** The {@code SqeBatch} example of the Javadoc, compiled and run by {@code BatchSnippetsTest}. */
public final class BatchSnippets {
    private BatchSnippets() {}

    /**
     * Reads {@code blocks} consecutive 4 KiB blocks of the file open as {@code fd} into
     * {@code buffers} with one batch and one system call; returns how many requests the kernel took.
     */
    public static int readBlocks(Ring ring, int fd, MemorySegment buffers, int blocks) {
        // @start region=reserve
        SqeBatch batch = ring.reserve(blocks); // one thread and SQ-room check for all of them
        for (int i = 0; i < blocks; i++) {
            long offset = i * 4096L;
            batch.next(i) // the completion of block i carries user_data i
                    .read(fd, buffers.asSlice(offset, 4096), offset, 0, 0);
        }
        int taken = ring.submitAndWait(blocks); // all of them in one io_uring_enter
        // @end
        return taken;
    }

    /** Reaps what is ready into reused arrays and returns the sum of the results (negative: an errno). */
    public static long sumResults(Ring ring) {
        // @start region=drainTo
        long[] userData = new long[256]; // once, e.g. a field: reused by every call
        int[] res = new int[256];
        int[] flags = new int[256];
        long sum = 0;
        int n = ring.drainTo(userData, res, flags); // copied and marked seen, oldest first
        for (int i = 0; i < n; i++) {
            sum += res[i]; // userData[i] names the request, flags[i] its CQE flags
        }
        // @end
        return sum;
    }
}
