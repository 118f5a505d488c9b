package io.uring4j.channels;

import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.DELETE_ON_CLOSE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The FileChannel contract, checked against the real kernel and, where it helps, the JDK's own channel. */
@Timeout(20)
class FileChannelConformanceTest {
    @TempDir
    Path dir;

    private Path file(byte[] content) throws IOException {
        Path p = Files.createTempFile(dir, "f", ".dat");
        Files.write(p, content);
        return p;
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    private static ByteBuffer buffer(boolean direct, int n) {
        return direct ? ByteBuffer.allocateDirect(n) : ByteBuffer.allocate(n);
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate().flip();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsThroughTheRingOnly(boolean direct) throws IOException {
        CachedReads.enabled = false;
        try {
            readAdvancesChannelPositionAndBuffer(direct);
            positionalReadLeavesChannelPosition(direct);
        } finally {
            CachedReads.enabled = true;
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readAdvancesChannelPositionAndBuffer(boolean direct) throws IOException {
        byte[] data = random(10_000, 1);
        try (UringFileChannel ch = UringFileChannel.open(file(data), READ)) {
            assertEquals(0, ch.position());
            ByteBuffer b = buffer(direct, 4096);
            assertEquals(4096, ch.read(b));
            assertEquals(4096, ch.position());
            assertEquals(4096, b.position());
            assertArrayEquals(Arrays.copyOfRange(data, 0, 4096), bytes(b));
            ch.position(9000);
            ByteBuffer c = buffer(direct, 4096);
            assertEquals(1000, ch.read(c));
            assertEquals(10_000, ch.position());
            assertArrayEquals(Arrays.copyOfRange(data, 9000, 10_000), bytes(c));
            assertEquals(-1, ch.read(buffer(direct, 16)), "at EOF");
            ch.position(20_000);
            assertEquals(-1, ch.read(buffer(direct, 16)), "past EOF");
            assertEquals(20_000, ch.position());
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void positionalReadLeavesChannelPosition(boolean direct) throws IOException {
        byte[] data = random(5000, 2);
        try (UringFileChannel ch = UringFileChannel.open(file(data), READ)) {
            ch.position(7);
            ByteBuffer b = buffer(direct, 100);
            b.position(10); // bytes land at the buffer's position
            assertEquals(90, ch.read(b, 1234));
            assertEquals(7, ch.position());
            ByteBuffer got = b.duplicate().position(10).limit(100);
            byte[] out = new byte[90];
            got.get(out);
            assertArrayEquals(Arrays.copyOfRange(data, 1234, 1324), out);
            assertEquals(-1, ch.read(buffer(direct, 10), 5000));
            assertEquals(-1, ch.read(buffer(direct, 10), 1L << 40));
            assertThrows(IllegalArgumentException.class, () -> ch.read(buffer(direct, 10), -1));
        }
    }

    @Test
    void zeroLengthAndReadOnlyBuffers() throws IOException {
        try (UringFileChannel ch = UringFileChannel.open(file(random(100, 3)), READ, WRITE)) {
            assertEquals(0, ch.read(ByteBuffer.allocate(0)));
            assertEquals(0, ch.read(ByteBuffer.allocateDirect(0), 50));
            assertEquals(0, ch.position());
            assertEquals(0, ch.write(ByteBuffer.allocate(0)));
            ByteBuffer ro = ByteBuffer.allocate(10).asReadOnlyBuffer();
            assertThrows(IllegalArgumentException.class, () -> ch.read(ro));
            assertThrows(IllegalArgumentException.class, () -> ch.read(ro, 0));
            // A read-only buffer is a fine source.
            ByteBuffer src = ByteBuffer.wrap("abc".getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();
            assertEquals(3, ch.write(src, 0));
            assertEquals(3, src.position());
            assertEquals("abc", new String(Files.readAllBytes(ch.file().path), 0, 3, StandardCharsets.US_ASCII));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void writesAtPositionAndExtendTheFile(boolean direct) throws IOException {
        Path p = file(new byte[0]);
        byte[] data = random(3 * 4096 + 17, 4);
        try (UringFileChannel ch = UringFileChannel.open(p, READ, WRITE)) {
            ByteBuffer b = buffer(direct, data.length).put(data).flip();
            assertEquals(data.length, ch.write(b));
            assertEquals(data.length, ch.position());
            assertFalse(b.hasRemaining());
            assertEquals(data.length, ch.size());
            ByteBuffer gap = buffer(direct, 3).put(new byte[] {1, 2, 3}).flip();
            assertEquals(3, ch.write(gap, data.length + 100));
            assertEquals(data.length, ch.position(), "positional write leaves the position");
            assertEquals(data.length + 103, ch.size());
        }
        byte[] on = Files.readAllBytes(p);
        assertArrayEquals(data, Arrays.copyOf(on, data.length));
        assertArrayEquals(new byte[100], Arrays.copyOfRange(on, data.length, data.length + 100), "the gap reads as zeros");
        assertArrayEquals(new byte[] {1, 2, 3}, Arrays.copyOfRange(on, data.length + 100, on.length));
    }

    @Test
    void largeHeapWriteIsWrittenWhole() throws IOException {
        byte[] data = random(3 * NativeChunks.MAX_CHUNK + 5, 5); // more than one staging chunk
        Path p = file(new byte[0]);
        try (UringFileChannel ch = UringFileChannel.open(p, WRITE)) {
            assertEquals(data.length, ch.write(ByteBuffer.wrap(data)));
        }
        assertArrayEquals(data, Files.readAllBytes(p));
    }

    @Test
    void scatterAndGather() throws IOException {
        byte[] data = random(300, 6);
        Path p = file(new byte[0]);
        try (UringFileChannel ch = UringFileChannel.open(p, READ, WRITE)) {
            for (boolean direct : new boolean[] {true, false}) {
                ByteBuffer[] srcs = {buffer(direct, 100), buffer(true, 150), buffer(direct, 50)};
                int at = 0;
                for (ByteBuffer s : srcs) {
                    s.put(data, at, s.capacity()).flip();
                    at += s.capacity();
                }
                ch.position(0);
                assertEquals(300, ch.write(srcs, 0, 3));
                assertEquals(300, ch.position());
                ByteBuffer[] dsts = {buffer(direct, 10), buffer(true, 200), buffer(direct, 200)};
                ch.position(0);
                assertEquals(300, ch.read(dsts, 0, 3));
                byte[] got = new byte[300];
                ByteBuffer all = ByteBuffer.wrap(got);
                for (ByteBuffer d : dsts) {
                    all.put(d.flip());
                }
                assertArrayEquals(data, got);
                assertEquals(-1, ch.read(new ByteBuffer[] {buffer(direct, 4)}, 0, 1));
            }
            assertThrows(IndexOutOfBoundsException.class, () -> ch.read(new ByteBuffer[2], 1, 2));
        }
    }

    @Test
    void appendModeWritesAtTheEnd() throws IOException {
        Path p = file("head".getBytes(StandardCharsets.US_ASCII));
        try (UringFileChannel ch = UringFileChannel.open(p, APPEND)) {
            assertEquals(4, ch.position(), "append: the position is the size");
            ch.write(ByteBuffer.wrap("-one".getBytes(StandardCharsets.US_ASCII)));
            ch.position(0); // ignored by appends
            ch.write(ByteBuffer.wrap("-two".getBytes(StandardCharsets.US_ASCII)));
            assertEquals(12, ch.position());
            assertThrows(NonReadableChannelException.class, () -> ch.read(ByteBuffer.allocate(1)));
        }
        assertEquals("head-one-two", Files.readString(p));
        assertThrows(IllegalArgumentException.class, () -> UringFileChannel.open(p, READ, APPEND));
        assertThrows(IllegalArgumentException.class, () -> UringFileChannel.open(p, APPEND, TRUNCATE_EXISTING));
    }

    @Test
    void sizeTruncateForce() throws IOException {
        Path p = file(random(10_000, 7));
        try (UringFileChannel ch = UringFileChannel.open(p, READ, WRITE)) {
            assertEquals(10_000, ch.size());
            ch.position(8000);
            ch.truncate(20_000); // larger: the file is not modified
            assertEquals(10_000, ch.size());
            assertEquals(8000, ch.position());
            ch.truncate(5000);
            assertEquals(5000, ch.size());
            assertEquals(5000, Files.size(p));
            assertEquals(5000, ch.position(), "position past the new size moves to it");
            ch.force(true);
            ch.force(false);
            assertThrows(IllegalArgumentException.class, () -> ch.truncate(-1));
        }
        try (UringFileChannel ro = UringFileChannel.open(p, READ)) {
            assertThrows(NonWritableChannelException.class, () -> ro.truncate(0));
            assertThrows(NonWritableChannelException.class, () -> ro.write(ByteBuffer.allocate(1)));
        }
    }

    @Test
    void transferToAndFrom() throws IOException {
        byte[] data = random(2 * NativeChunks.MAX_CHUNK + 333, 8);
        Path p = file(data);
        try (UringFileChannel ch = UringFileChannel.open(p, READ, WRITE)) {
            Path q = dir.resolve("copy");
            try (FileChannel jdk = FileChannel.open(q, CREATE, WRITE)) {
                assertEquals(data.length - 10, ch.transferTo(10, Long.MAX_VALUE, jdk));
            }
            assertArrayEquals(Arrays.copyOfRange(data, 10, data.length), Files.readAllBytes(q));
            assertEquals(0, ch.position(), "transferTo leaves the position");
            assertEquals(0, ch.transferTo(data.length + 1, 10, Channels.newChannel(new java.io.ByteArrayOutputStream())));

            byte[] more = random(5000, 9);
            long n = ch.transferFrom(Channels.newChannel(new java.io.ByteArrayInputStream(more)), data.length, 10_000);
            assertEquals(5000, n);
            assertEquals(0, ch.transferFrom(Channels.newChannel(new java.io.ByteArrayInputStream(more)),
                    data.length + 5001, 10), "past the end: nothing");
            assertEquals(0, ch.position());
        }
        byte[] on = Files.readAllBytes(p);
        assertEquals(data.length + 5000, on.length);
    }

    @Test
    void mapAndLockAreDelegated() throws IOException {
        byte[] data = random(8192, 10);
        Path p = file(data);
        try (UringFileChannel ch = UringFileChannel.open(p, READ, WRITE)) {
            MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_WRITE, 0, 8192);
            assertEquals(data[100], m.get(100));
            m.put(0, (byte) 42);
            m.force();
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, 0);
            assertEquals(42, one.get(0), "a write through the mapping is seen by a read through the ring");

            FileLock lock = ch.lock(0, 100, false);
            assertTrue(lock.isValid());
            assertTrue(lock.acquiredBy() == ch);
            assertThrows(OverlappingFileLockException.class, () -> ch.tryLock(50, 10, false));
            FileLock other = ch.tryLock(200, 10, true);
            assertNotNull(other);
            lock.release();
            assertFalse(lock.isValid());
            other.release();
        }
        try (UringFileChannel ro = UringFileChannel.open(p, READ)) {
            assertThrows(NonWritableChannelException.class, () -> ro.lock(0, 1, false));
            assertThrows(NonWritableChannelException.class, () -> ro.map(FileChannel.MapMode.READ_WRITE, 0, 1));
            FileLock shared = ro.lock(0, 10, true);
            ro.close();
            assertFalse(shared.isValid(), "closing the channel releases its locks");
        }
    }

    @Test
    void closedChannel() throws IOException {
        UringFileChannel ch = UringFileChannel.open(file(random(10, 11)), READ, WRITE);
        ch.close();
        ch.close(); // idempotent
        assertFalse(ch.isOpen());
        assertThrows(ClosedChannelException.class, () -> ch.read(ByteBuffer.allocate(1)));
        assertThrows(ClosedChannelException.class, () -> ch.read(ByteBuffer.allocate(1), 0));
        assertThrows(ClosedChannelException.class, () -> ch.write(ByteBuffer.allocate(1)));
        assertThrows(ClosedChannelException.class, ch::size);
        assertThrows(ClosedChannelException.class, ch::position);
        assertThrows(ClosedChannelException.class, () -> ch.position(1));
        assertThrows(ClosedChannelException.class, () -> ch.force(true));
        assertThrows(ClosedChannelException.class, () -> ch.truncate(0));
        assertThrows(ClosedChannelException.class, () -> ch.lock());
        assertThrows(ClosedChannelException.class, () -> ch.map(FileChannel.MapMode.READ_ONLY, 0, 1));
        assertEquals(0, ch.file().users());
    }

    @Test
    void openOptions() throws IOException {
        Path missing = dir.resolve("missing");
        assertThrows(NoSuchFileException.class, () -> UringFileChannel.open(missing, READ));
        try (UringFileChannel ch = UringFileChannel.open(missing, CREATE_NEW, WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        }
        assertThrows(FileAlreadyExistsException.class, () -> UringFileChannel.open(missing, CREATE_NEW, WRITE));
        try (UringFileChannel ch = UringFileChannel.open(missing, WRITE, TRUNCATE_EXISTING)) {
            assertEquals(0, ch.size());
        }
        try (UringFileChannel ch = UringFileChannel.open(missing, READ, WRITE, DELETE_ON_CLOSE)) {
            assertTrue(Files.exists(missing));
        }
        assertFalse(Files.exists(missing), "DELETE_ON_CLOSE");
        try (UringFileChannel ch = UringFileChannel.open(file(new byte[1]))) {
            assertThrows(NonWritableChannelException.class, () -> ch.write(ByteBuffer.allocate(1)), "no option: READ");
        }
        assertThrows(UnsupportedOperationException.class,
                () -> UringFileChannel.open(missing, java.nio.file.StandardOpenOption.WRITE, java.nio.file.LinkOption.NOFOLLOW_LINKS,
                        new java.nio.file.OpenOption() {}));
        assertThrows(NullPointerException.class, () -> UringFileChannel.open(null, READ));
    }

    @Test
    void pipeSourceForTransferFrom() throws IOException {
        Pipe pipe = Pipe.open();
        byte[] data = random(1000, 12);
        pipe.sink().write(ByteBuffer.wrap(data));
        pipe.sink().close();
        Path p = file(new byte[0]);
        try (UringFileChannel ch = UringFileChannel.open(p, WRITE)) {
            assertEquals(1000, ch.transferFrom(pipe.source(), 0, 5000));
        }
        assertArrayEquals(data, Files.readAllBytes(p));
        assertNull(null);
    }
}
