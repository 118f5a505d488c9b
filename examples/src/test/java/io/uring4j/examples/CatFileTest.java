package io.uring4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.uring4j.UringException;
import io.uring4j.kernel.Errno;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatFileTest {
    @TempDir
    Path dir;

    @Test
    void copiesEveryByteOfAFileLargerThanOneChunk() throws Exception {
        byte[] data = new byte[200_000];
        new Random(3).nextBytes(data);
        Path file = Files.write(dir.resolve("data.bin"), data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(data.length, CatFile.cat(file.toString(), out));
        assertArrayEquals(data, out.toByteArray());
    }

    @Test
    void aMissingFileIsATypedError() {
        UringException e = assertThrows(UringException.class,
                () -> CatFile.cat(dir.resolve("absent").toString(), new ByteArrayOutputStream()));
        assertEquals(Errno.ENOENT, e.errno());
    }
}
