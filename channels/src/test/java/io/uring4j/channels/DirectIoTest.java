package io.uring4j.channels;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * O_DIRECT through {@link UringOpenOption#DIRECT}, on the disk's file system ({@code /var/tmp};
 * tmpfs has no direct I/O).
 */
@Timeout(20)
class DirectIoTest {
    @Test
    void alignedTransfersInPlaceAndStaged() throws IOException {
        Path p = Files.createTempFile(Path.of("/var/tmp"), "uring4j-direct", ".dat");
        try {
            byte[] data = new byte[4 * 4096];
            new SplittableRandom(3).nextBytes(data);
            try (UringFileChannel ch = UringFileChannel.open(p, READ, WRITE, CREATE, UringOpenOption.DIRECT)) {
                int align = ch.file().offsetAlign;
                assertTrue(align > 0 && 4096 % align == 0, "statx DIOALIGN gave " + align);
                ByteBuffer aligned = ByteBuffer.allocateDirect(2 * data.length).alignedSlice(4096).limit(data.length);
                aligned.put(data).flip();
                assertEquals(data.length, ch.write(aligned, 0));
                // Heap buffers and unaligned direct buffers are staged through aligned memory.
                ByteBuffer heap = ByteBuffer.allocate(4096);
                assertEquals(4096, ch.read(heap, 4096));
                assertArrayEquals(Arrays.copyOfRange(data, 4096, 8192), heap.array());
                ByteBuffer unaligned = ByteBuffer.allocateDirect(4096 + 8).position(3).limit(3 + 4096).slice();
                assertEquals(4096, ch.read(unaligned, 8192));
                byte[] got = new byte[4096];
                unaligned.flip().get(got);
                assertArrayEquals(Arrays.copyOfRange(data, 8192, 12288), got);
                IOException e = assertThrows(IOException.class, () -> ch.read(ByteBuffer.allocate(4096), 100));
                assertTrue(e.getMessage().contains("multiples"), e.getMessage());
                assertThrows(IOException.class, () -> ch.read(ByteBuffer.allocate(100), 0));
            }
            assertArrayEquals(data, Files.readAllBytes(p));
        } finally {
            Files.deleteIfExists(p);
        }
    }
}
