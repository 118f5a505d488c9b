package io.uring4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.AtFlags;
import io.uring4j.kernel.flags.NopFlags;
import io.uring4j.kernel.flags.OpenFlags;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubmitReapTest {
    @Test
    void nopsCarryTheirUserData() {
        try (Ring ring = Ring.open(8)) {
            assertNull(ring.peek(), "nothing completed yet");
            for (long ud = 100; ud < 105; ud++) {
                ring.nextSqe().nop().userData(ud);
            }
            assertEquals(5, ring.sqQueued());
            assertEquals(5, ring.submit());
            assertEquals(0, ring.sqQueued());
            List<Long> seen = new ArrayList<>();
            for (Cqe c = ring.peek(); c != null; c = ring.peek()) {
                assertEquals(0, c.res());
                seen.add(c.userData());
                ring.seen();
            }
            assertEquals(List.of(100L, 101L, 102L, 103L, 104L), seen);
            assertEquals(0, ring.cqReady());
        }
    }

    @Test
    void tryNextSqeReturnsNullWhenTheSqIsFullUntilSubmitted() {
        try (Ring ring = Ring.open(4)) {
            for (int i = 0; i < 4; i++) {
                Sqe sqe = ring.tryNextSqe();
                assertNotNull(sqe, "slot " + i);
                sqe.nop().userData(i);
            }
            assertEquals(0, ring.sqSpaceLeft());
            assertNull(ring.tryNextSqe(), "the fifth SQE does not fit a 4-entry SQ");
            assertEquals(4, ring.submit());
            assertEquals(4, ring.sqSpaceLeft());
            Sqe again = ring.tryNextSqe();
            assertNotNull(again, "space again after submit");
            again.nop().userData(4);
            assertEquals(1, ring.submit());
            assertEquals(5, ring.drain(c -> { }));
        }
    }

    @Test
    void submitWithNothingQueuedIsFree() {
        try (Ring ring = Ring.open(4)) {
            assertEquals(0, ring.submit());
        }
    }

    @Test
    void drainDeliversInOrderAndAdvanceSkips() {
        try (Ring ring = Ring.open(16)) {
            for (long ud = 0; ud < 10; ud++) {
                ring.nextSqe().nop().userData(ud);
            }
            ring.submit();
            ring.advance(3);
            List<Long> got = new ArrayList<>();
            assertEquals(7, ring.drain(c -> got.add(c.userData())));
            assertEquals(List.of(3L, 4L, 5L, 6L, 7L, 8L, 9L), got);
            assertEquals(0, ring.drain(c -> got.add(-1L)));
            assertThrows(IllegalArgumentException.class, () -> ring.advance(1));
        }
    }

    @Test
    void drainCountsAFailingHandlerEntryAsSeen() {
        try (Ring ring = Ring.open(8)) {
            for (long ud = 0; ud < 3; ud++) {
                ring.nextSqe().nop().userData(ud);
            }
            ring.submit();
            RuntimeException boom = new RuntimeException("boom");
            assertSame(boom, assertThrows(RuntimeException.class, () -> ring.drain(c -> {
                if (c.userData() == 1) {
                    throw boom;
                }
            })));
            assertEquals(2, ring.peek().userData(), "entries 0 and 1 were consumed");
            ring.seen();
        }
    }

    @Test
    void injectedErrorBecomesTypedException() {
        try (Ring ring = Ring.open(4)) {
            ring.nextSqe().nop(NopFlags.INJECT_RESULT, -Errno.EBADF.value(), -1, 0, 0, 0).userData(5);
            ring.submitAndWait(1);
            Cqe cqe = ring.peek();
            assertTrue(cqe.isError());
            assertEquals(Errno.EBADF, cqe.errno());
            UringException e = assertThrows(UringException.class, () -> UringException.check(cqe, "nop"));
            assertEquals(Errno.EBADF, e.errno());
            assertEquals("nop", e.operation());
            assertTrue(e.getMessage().contains("EBADF"), e.getMessage());
            ring.seen();
            assertEquals(42, UringException.check(42, "ok"));
        }
    }

    @Test
    void writeThenReadAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("data.bin");
        byte[] content = "hello uring4j, written and read back through the ring".getBytes(StandardCharsets.UTF_8);
        try (Ring ring = Ring.open(8); Arena arena = Arena.ofConfined()) {
            MemorySegment path = arena.allocateFrom(file.toString());
            ring.nextSqe().openat(AtFlags.FDCWD, path, OpenFlags.RDWR | OpenFlags.CREAT | OpenFlags.TRUNC, 0600).userData(1);
            ring.submitAndWait(1);
            int fd = UringException.check(ring.peek(), "openat");
            ring.seen();

            MemorySegment out = arena.allocate(content.length);
            out.copyFrom(MemorySegment.ofArray(content));
            ring.nextSqe().write(fd, out, 0L, 0, 0, 0).userData(2);
            ring.submitAndWait(1);
            assertEquals(content.length, UringException.check(ring.peek(), "write"));
            ring.seen();
            assertArrayEquals(content, Files.readAllBytes(file), "the file holds what the ring wrote");

            MemorySegment in = arena.allocate(content.length + 16);
            ring.nextSqe().read(fd, in, 0L, 0, 0).userData(3);
            ring.submitAndWait(1);
            Cqe cqe = ring.peek();
            assertEquals(3, cqe.userData());
            assertEquals(content.length, UringException.check(cqe, "read"));
            ring.seen();
            assertArrayEquals(content, in.asSlice(0, content.length).toArray(ValueLayout.JAVA_BYTE));

            ring.nextSqe().close(fd).userData(4);
            ring.submitAndWait(1);
            assertEquals(0, UringException.check(ring.peek(), "close"));
            ring.seen();
        }
    }

    @Test
    void readOfAClosedFdFailsWithEbadf() {
        try (Ring ring = Ring.open(4); Arena arena = Arena.ofConfined()) {
            ring.nextSqe().read(Integer.MAX_VALUE, arena.allocate(8)).userData(8);
            ring.submitAndWait(1);
            assertEquals(Errno.EBADF, ring.peek().errno());
            ring.seen();
        }
    }
}
