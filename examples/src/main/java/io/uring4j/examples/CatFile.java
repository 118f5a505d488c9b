package io.uring4j.examples;

import io.uring4j.Ring;
import io.uring4j.kernel.flags.AtFlags;
import io.uring4j.kernel.flags.OpenFlags;
import io.uring4j.kernel.flags.SqeFlags;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Copies a file to a stream with nothing but ring requests: OPENAT, then READs of 64 KiB at
 * increasing offsets, then CLOSE. The smallest complete use of the API: prep, submit, wait,
 * read the completion, turn a negative result into a typed error — here in one call each,
 * {@link Ring#submitAndCheck(io.uring4j.Sqe, String)}.
 */
public final class CatFile {
    private static final int CHUNK = 64 * 1024;

    private CatFile() {}

    /** Writes the whole file at {@code path} to {@code out} and returns the byte count. */
    public static long cat(String path, OutputStream out) throws IOException {
        try (Ring ring = Ring.open(8); Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocateFrom(path);
            MemorySegment buf = arena.allocate(CHUNK);
            byte[] chunk = new byte[CHUNK];

            int fd = ring.submitAndCheck(ring.nextSqe().openat(AtFlags.FDCWD, name, OpenFlags.RDONLY | OpenFlags.CLOEXEC, 0),
                    "open " + path);
            long total = 0;
            try {
                for (;;) {
                    int n = ring.submitAndCheck(ring.nextSqe().read(fd, buf, total, 0, 0), "read " + path);
                    if (n == 0) {
                        return total;
                    }
                    MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, chunk, 0, n);
                    out.write(chunk, 0, n);
                    total += n;
                }
            } finally {
                // CQE_SKIP_SUCCESS: a successful close posts no completion, so nothing is left to reap.
                ring.nextSqe().close(fd).flags(SqeFlags.CQE_SKIP_SUCCESS).userData(3);
                ring.submit();
            }
        }
    }
}
