package io.uring4j.register;

import io.uring4j.Ring;
import io.uring4j.Sqe;
import io.uring4j.UringException;
import io.uring4j.internal.RegisterErrors;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.OpenFlags;
import io.uring4j.kernel.flags.RegisterOp;
import io.uring4j.testsupport.NativeFds;
import io.uring4j.testsupport.SingleCompletion;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static io.uring4j.testsupport.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


class BufferTableTest {
    @TempDir
    Path dir;

    private int openFile(String content) throws IOException {
        Path p = Files.writeString(dir.resolve("b" + System.nanoTime()), content);
        return NativeFds.open(p, OpenFlags.RDWR, 0);
    }

    private static String text(MemorySegment buf, int n) {
        return new String(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }

    private static void put(MemorySegment buf, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        MemorySegment.copy(b, 0, buf, ValueLayout.JAVA_BYTE, 0, b.length);
    }

    @Test
    void registeredBuffersServeWriteFixedAndReadFixed() throws IOException {
        int fd = openFile("");
        try (Ring ring = Ring.open(8); BufferTable bufs = BufferTable.register(ring, 2, 4096)) {
            assertEquals(2, bufs.size());
            MemorySegment src = bufs.buffer(1);
            assertEquals(4096, src.byteSize());
            assertEquals(0, src.address() % BufferTable.DEFAULT_ALIGNMENT, "page aligned");
            put(src, "fixed buffers!");
            ring.nextSqe().writeFixed(fd, src.asSlice(0, 14), 1, 0L, 0, 0, 0).userData(1);
            assertEquals(14, SingleCompletion.res(ring, 1));

            MemorySegment dst = bufs.buffer(0);
            ring.nextSqe().readFixed(fd, dst.asSlice(100, 64), 0, 0L, 0, 0).userData(2);
            int n = SingleCompletion.res(ring, 2);
            assertEquals("fixed buffers!", text(dst.asSlice(100), n), "read into the middle of buffer 0");
        } finally {
            NativeFds.close(fd);
        }
    }

    @Test
    void sparseSlotsAreFilledByReplaceThenUsable() throws IOException {
        int fd = openFile("sparse buffers");
        try (Ring ring = Ring.open(8); Arena other = Arena.ofConfined();
                BufferTable bufs = BufferTable.sparse(ring, 4)) {
            assertTrue(bufs.isEmpty(3));
            assertThrows(IllegalStateException.class, () -> bufs.buffer(3));
            ring.nextSqe().readFixed(fd, other.allocate(64), 3, 0L, 0, 0).userData(1);
            assertEquals(-Errno.EFAULT.value(), SingleCompletion.res(ring, 1), "no buffer in slot 3 yet");

            MemorySegment b = bufs.replace(3, 8192);
            assertFalse(bufs.isEmpty(3));
            assertEquals(8192, b.byteSize());
            ring.nextSqe().readFixed(fd, b, 3, 0L, 0, 0).userData(2);
            assertEquals("sparse buffers", text(b, SingleCompletion.res(ring, 2)));

            // a slice of the table's own memory may be registered in another slot
            MemorySegment slice = b.asSlice(4096, 100);
            bufs.replace(0, slice);
            ring.nextSqe().readFixed(fd, slice, 0, 0L, 0, 0).userData(3);
            assertEquals("sparse buffers", text(slice, SingleCompletion.res(ring, 3)));
            // the kernel checks the request's range against slot 0's buffer: 4096 bytes further is outside it
            ring.nextSqe().readFixed(fd, b.asSlice(0, 64), 0, 0L, 0, 0).userData(4);
            assertEquals(-Errno.EFAULT.value(), SingleCompletion.res(ring, 4));

            bufs.clear(3);
            assertTrue(bufs.isEmpty(3));
            ring.nextSqe().readFixed(fd, b, 3, 0L, 0, 0).userData(5);
            assertEquals(-Errno.EFAULT.value(), SingleCompletion.res(ring, 5), "slot 3 emptied");
        } finally {
            NativeFds.close(fd);
        }
    }

    @Test
    void closingUnregistersAndFreesTheBuffers() throws IOException {
        int fd = openFile("after close");
        try (Ring ring = Ring.open(8); Arena other = Arena.ofConfined()) {
            BufferTable bufs = BufferTable.register(ring, 1, 4096);
            MemorySegment b = bufs.buffer(0);
            bufs.close();
            bufs.close(); // idempotent
            assertFalse(b.scope().isAlive(), "the table's memory is freed after unregistering");
            Sqe sqe = ring.nextSqe();
            assertThrows(IllegalArgumentException.class, () -> sqe.readFixed(fd, b, 0), "a dead segment");
            assertThrows(IllegalStateException.class, () -> bufs.buffer(0));
            assertThrows(IllegalStateException.class, () -> bufs.replace(0, 16));
            sqe.readFixed(fd, other.allocate(16), 0, 0L, 0, 0).userData(1); // the refused entry, refilled
            assertEquals(-Errno.EFAULT.value(), SingleCompletion.res(ring, 1), "no buffer table any more");
        } finally {
            NativeFds.close(fd);
        }
    }

    @Test
    void closingTheRingClosesTheTableAndFreesItsBuffers() {
        Ring ring = Ring.open(8);
        BufferTable table = BufferTable.register(ring, 2, 4096);
        MemorySegment buffer = table.buffer(0);
        ring.close();
        assertTrue(table.isClosed(), "the table died with its ring");
        assertFalse(buffer.scope().isAlive(), "its memory was released");
        table.close(); // still idempotent
    }

    @Test
    void cloneSharesTheBuffersWithAnotherRingAndKeepsThemAlive() throws IOException {
        int fd = openFile("cloned");
        try (Ring a = Ring.open(8); Ring b = Ring.open(8)) {
            BufferTable source = BufferTable.registerSizes(a, 4096, 8192);
            BufferTable clone = source.cloneTo(b);
            assertEquals(2, clone.size());
            MemorySegment shared = clone.buffer(1);
            assertEquals(source.buffer(1).address(), shared.address(), "the same memory");

            source.close();
            assertTrue(shared.scope().isAlive(), "the clone keeps the memory alive");
            b.nextSqe().readFixed(fd, shared, 1, 0L, 0, 0).userData(1);
            assertEquals("cloned", text(shared, SingleCompletion.res(b, 1)));

            assertThrows(IllegalArgumentException.class, () -> clone.cloneTo(b), "its own ring");
            UringException busy = assertThrows(UringException.class, () -> {
                try (BufferTable c = BufferTable.register(a, 1, 64)) {
                    c.cloneTo(b);
                }
            });
            assertEquals(Errno.EBUSY, busy.errno(), "b already has buffers");
            clone.close();
            assertFalse(shared.scope().isAlive(), "the last table frees the memory");
        } finally {
            NativeFds.close(fd);
        }
    }

    @Test
    void badArgumentsAreRefusedBeforeTheKernel() {
        try (Ring ring = Ring.open(8); Arena foreign = Arena.ofConfined()) {
            assertMessage(assertThrows(IllegalArgumentException.class, () -> BufferTable.register(ring, 0, 64)),
                    "count");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> BufferTable.register(ring, 2, 0)),
                    "sizes[0]");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> BufferTable.registerSizes(ring)),
                    "sizes");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> BufferTable.sparse(ring, 0)), "size");
            try (BufferTable bufs = BufferTable.sparse(ring, 2)) {
                assertMessage(assertThrows(IllegalArgumentException.class, () -> bufs.replace(2, 64)), "slot");
                assertMessage(assertThrows(IllegalArgumentException.class, () -> bufs.buffer(-1)), "slot");
                assertMessage(assertThrows(IllegalArgumentException.class, () -> bufs.replace(0, -1)), "size");
                assertMessage(assertThrows(IllegalArgumentException.class,
                        () -> bufs.replace(0, foreign.allocate(64))), "memory of this table");
                assertMessage(assertThrows(IllegalArgumentException.class,
                        () -> bufs.replace(0, MemorySegment.ofArray(new byte[64]))), "memory of this table");
                UringException busy = assertThrows(UringException.class, () -> BufferTable.register(ring, 1, 64));
                assertEquals(Errno.EBUSY, busy.errno());
                assertMessage(busy, "already has a registered buffer table");
            }
        }
    }

    @Test
    void memoryLockFailuresSayHowToRaiseTheLimit() {
        // Root (CAP_IPC_LOCK) is exempt from the limit, so the kernel's ENOMEM cannot be provoked
        // here; this checks the message a user without the capability gets.
        UringException e = RegisterErrors.failed(RegisterOp.REGISTER_BUFFERS2, Errno.ENOMEM.value());
        assertEquals(Errno.ENOMEM, e.errno());
        assertMessage(e, "REGISTER_BUFFERS2");
        assertMessage(e, "ulimit -l");
        assertMessage(e, "LimitMEMLOCK");
        assertMessage(e, "locked-memory limit (now ");
    }
}
