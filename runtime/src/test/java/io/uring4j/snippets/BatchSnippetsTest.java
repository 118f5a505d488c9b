package io.uring4j.snippets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.uring4j.Ring;
import io.uring4j.kernel.flags.NopFlags;
import io.uring4j.testsupport.NativeFds;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SqeBatch and drainTo examples run against the kernel and do what their text says. */
class BatchSnippetsTest {
    @TempDir
    Path dir;

    @Test
    void readBlocksReadsEveryBlockAndSumResultsReapsThem() throws Exception {
        byte[] data = new byte[3 * 4096];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i / 4096 + 1); // block b holds the byte b + 1
        }
        Path file = Files.write(dir.resolve("blocks"), data);
        int fd = NativeFds.open(file, 0, 0);
        try (Ring ring = Ring.open(8); Arena arena = Arena.ofConfined()) {
            MemorySegment buffers = arena.allocate(3 * 4096);
            assertEquals(3, BatchSnippets.readBlocks(ring, fd, buffers, 3));
            for (int b = 0; b < 3; b++) {
                assertEquals(b + 1, buffers.get(ValueLayout.JAVA_BYTE, b * 4096L + 17));
            }
            assertEquals(3 * 4096, BatchSnippets.sumResults(ring));
            assertEquals(0, ring.cqReady());
        } finally {
            NativeFds.close(fd);
        }
    }

    @Test
    void sumResultsAddsNegativeResultsToo() {
        try (Ring ring = Ring.open(4)) {
            ring.nextSqe().nop(NopFlags.INJECT_RESULT, -9, -1, 0, 0, 0);
            ring.nextSqe().nop(NopFlags.INJECT_RESULT, 4, -1, 0, 0, 0);
            ring.submitAndWait(2);
            assertEquals(-5, BatchSnippets.sumResults(ring));
        }
    }
}
