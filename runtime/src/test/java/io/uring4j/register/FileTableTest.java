package io.uring4j.register;

import io.uring4j.Ring;
import io.uring4j.UringException;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.AtFlags;
import io.uring4j.kernel.flags.FileIndex;
import io.uring4j.kernel.flags.OpenFlags;
import io.uring4j.kernel.flags.SocketDomain;
import io.uring4j.kernel.flags.SocketType;
import io.uring4j.kernel.flags.SqeFlags;
import io.uring4j.testsupport.NativeFds;
import io.uring4j.testsupport.SingleCompletion;
import io.uring4j.testsupport.TestSupport;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


class FileTableTest {
    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        return Files.writeString(dir.resolve("f" + System.nanoTime()), content);
    }

    private static String text(MemorySegment buf, int n) {
        return new String(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }

    @Test
    void denseTableServesFixedFileReadAndWriteAfterTheCallerClosesItsFds() throws IOException {
        int fileFd = NativeFds.open(file("registered hello"), OpenFlags.RDONLY, 0);
        int[] pipe = NativeFds.pipe();
        try (Ring ring = Ring.open(8); Arena arena = Arena.ofConfined();
                FileTable files = FileTable.register(ring, fileFd, pipe[1])) {
            assertEquals(2, files.size());
            NativeFds.close(fileFd, pipe[1]); // the table holds its own references

            MemorySegment buf = arena.allocate(64);
            ring.nextSqe().read(0, buf, 0, 0, 0).flags(SqeFlags.FIXED_FILE).userData(1);
            int n = SingleCompletion.res(ring, 1);
            assertEquals("registered hello", text(buf, n));

            ring.nextSqe().write(1, arena.allocateFrom("via slot 1", StandardCharsets.UTF_8).asSlice(0, 10))
                    .flags(SqeFlags.FIXED_FILE).userData(2);
            assertEquals(10, SingleCompletion.res(ring, 2));
            assertEquals("via slot 1", NativeFds.read(pipe[0], 64));
        } finally {
            NativeFds.close(pipe[0]);
        }
    }

    @Test
    void sparseTableIsFilledAndEmptiedByUpdate() throws IOException {
        int fd = NativeFds.open(file("sparse slot"), OpenFlags.RDONLY, 0);
        try (Ring ring = Ring.open(8); Arena arena = Arena.ofConfined(); FileTable files = FileTable.sparse(ring, 4)) {
            MemorySegment buf = arena.allocate(64);
            ring.nextSqe().read(2, buf, 0, 0, 0).flags(SqeFlags.FIXED_FILE).userData(1);
            assertEquals(-Errno.EBADF.value(), SingleCompletion.res(ring, 1), "slot 2 starts empty");

            files.update(2, fd);
            ring.nextSqe().read(2, buf, 0, 0, 0).flags(SqeFlags.FIXED_FILE).userData(2);
            assertEquals("sparse slot", text(buf, SingleCompletion.res(ring, 2)));

            files.update(1, FileTable.EMPTY, FileTable.SKIP, fd); // slot 2 kept, slot 3 filled
            ring.nextSqe().read(2, buf, 0, 0, 0).flags(SqeFlags.FIXED_FILE).userData(3);
            assertEquals(11, SingleCompletion.res(ring, 3), "SKIP left slot 2 registered");
            ring.nextSqe().read(3, buf, 0, 0, 0).flags(SqeFlags.FIXED_FILE).userData(4);
            assertEquals(11, SingleCompletion.res(ring, 4));

            files.clear(2);
            ring.nextSqe().read(2, buf, 0, 0, 0).flags(SqeFlags.FIXED_FILE).userData(5);
            assertEquals(-Errno.EBADF.value(), SingleCompletion.res(ring, 5), "slot 2 emptied");
        } finally {
            NativeFds.close(fd);
        }
    }

    @Test
    void allocRangeBoundsTheSlotsTheKernelPicks() throws IOException {
        Path path = file("x");
        try (Ring ring = Ring.open(8); Arena arena = Arena.ofConfined(); FileTable files = FileTable.sparse(ring, 8)) {
            files.allocRange(5, 3);
            MemorySegment cPath = arena.allocateFrom(path.toString());
            Set<Integer> slots = new HashSet<>();
            for (int i = 0; i < 2; i++) {
                ring.nextSqe().openatDirect(AtFlags.FDCWD, cPath, FileIndex.ALLOC).userData(i);
                slots.add(SingleCompletion.res(ring, i));
            }
            ring.nextSqe().socketDirectAlloc(SocketDomain.INET, SocketType.STREAM).userData(9);
            slots.add(SingleCompletion.res(ring, 9));
            assertEquals(Set.of(5, 6, 7), slots, "three allocations took exactly the range's slots");

            ring.nextSqe().openatDirect(AtFlags.FDCWD, cPath, FileIndex.ALLOC).userData(10);
            assertEquals(-Errno.ENFILE.value(), SingleCompletion.res(ring, 10), "the range is full");
        }
    }

    @Test
    void useAfterUnregisterFailsWithEbadf() throws IOException {
        int fd = NativeFds.open(file("gone"), OpenFlags.RDONLY, 0);
        try (Ring ring = Ring.open(8); Arena arena = Arena.ofConfined()) {
            FileTable files = FileTable.register(ring, fd);
            files.close();
            assertTrue(files.isClosed());
            files.close(); // idempotent
            ring.nextSqe().read(0, arena.allocate(8), 0, 0, 0).flags(SqeFlags.FIXED_FILE).userData(1);
            assertEquals(-Errno.EBADF.value(), SingleCompletion.res(ring, 1));
            assertThrows(IllegalStateException.class, () -> files.update(0, fd));
            // the ring can take a new table once the old one is gone
            try (FileTable again = FileTable.sparse(ring, 2)) {
                assertEquals(2, again.size());
            }
        } finally {
            NativeFds.close(fd);
        }
    }

    @Test
    void badArgumentsAreRefusedBeforeTheKernel() throws IOException {
        int fd = NativeFds.open(file("m"), OpenFlags.RDONLY, 0);
        try (Ring ring = Ring.open(8)) {
            TestSupport.assertMessage(assertThrows(IllegalArgumentException.class, () -> FileTable.register(ring)), "fds");
            TestSupport.assertMessage(assertThrows(IllegalArgumentException.class, () -> FileTable.register(ring, fd, -3)),
                    "fds[1]");
            TestSupport.assertMessage(assertThrows(IllegalArgumentException.class, () -> FileTable.sparse(ring, 0)), "size");
            TestSupport.assertMessage(assertThrows(IllegalArgumentException.class, () -> FileTable.register(null, fd)), "ring");
            try (FileTable files = FileTable.sparse(ring, 4)) {
                TestSupport.assertMessage(assertThrows(IllegalArgumentException.class, () -> files.update(4, fd)), "slot");
                TestSupport.assertMessage(assertThrows(IllegalArgumentException.class, () -> files.update(3, fd, fd)), "slot");
                TestSupport.assertMessage(assertThrows(IllegalArgumentException.class, () -> files.update(-1, fd)), "slot");
                TestSupport.assertMessage(assertThrows(IllegalArgumentException.class, () -> files.update(0, -5)), "fds[0]");
                TestSupport.assertMessage(assertThrows(IllegalArgumentException.class, () -> files.allocRange(2, 3)), "offset");
                Throwable t = TestSupport.thrownOnOtherThread(() -> {
                    files.update(0, fd);
                    return null;
                });
                assertInstanceOf(IllegalStateException.class, t);
                TestSupport.assertMessage(t, "owner");
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        } finally {
            NativeFds.close(fd);
        }
    }

    @Test
    void kernelRefusalsCarryTheirErrno() throws IOException {
        int fd = NativeFds.open(file("k"), OpenFlags.RDONLY, 0);
        int closed = NativeFds.open(file("c"), OpenFlags.RDONLY, 0);
        NativeFds.close(closed);
        try (Ring ring = Ring.open(8); Ring other = Ring.open(8)) {
            UringException bad = assertThrows(UringException.class, () -> FileTable.register(ring, fd, closed));
            assertEquals(Errno.EBADF, bad.errno());
            UringException ringFd = assertThrows(UringException.class, () -> FileTable.register(ring, other.fd()));
            assertEquals(Errno.EBADF, ringFd.errno(), "an io_uring fd cannot be registered");
            try (FileTable files = FileTable.sparse(ring, 4)) {
                UringException busy = assertThrows(UringException.class, () -> FileTable.sparse(ring, 2));
                assertEquals(Errno.EBUSY, busy.errno());
                TestSupport.assertMessage(busy, "already has a registered file table");
                // the entry before the bad one is applied, then the refusal is reported
                UringException partial = assertThrows(UringException.class, () -> files.update(0, fd, closed));
                assertEquals(Errno.EBADF, partial.errno());
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment buf = arena.allocate(8);
                    ring.nextSqe().read(0, buf, 0, 0, 0).flags(SqeFlags.FIXED_FILE).userData(1);
                    assertEquals("k", text(buf, SingleCompletion.res(ring, 1)), "slot 0 took the good fd");
                }
            }
        } finally {
            NativeFds.close(fd);
        }
        try (Ring ring = Ring.open(8)) {
            FileTable files = FileTable.sparse(ring, 1);
            ring.close();
            assertThrows(IllegalStateException.class, () -> files.update(0, -1));
            files.close(); // the table went with the ring: nothing to unregister
            assertTrue(files.isClosed());
            assertThrows(IllegalStateException.class, () -> FileTable.sparse(ring, 1));
        }
    }
}
