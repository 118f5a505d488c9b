package io.uring4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.kernel.structs.Iovec;
import io.uring4j.testsupport.NativeFds;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Checked iovec arrays: built from whole segments, re-checked and rewritten at prep, used by readv. */
class IoVecsTest {
    @Test
    void readvScattersIntoTheSegmentsAndNoFurther() {
        int[] p = NativeFds.pipe();
        try (Ring ring = Ring.open(4); Arena arena = Arena.ofConfined()) {
            // Canaries around each buffer: the kernel must write the 5 and 6 bytes and nothing else.
            MemorySegment block = arena.allocate(64);
            block.fill((byte) 0x7E);
            MemorySegment a = block.asSlice(8, 5);
            MemorySegment b = block.asSlice(24, 6);
            IoVecs iov = IoVecs.of(arena, a, b);
            NativeFds.write(p[1], "hello uring and more");
            ring.nextSqe().readv(p[0], iov).userData(1);
            ring.submitAndWait(1);
            int[] res = {Integer.MIN_VALUE};
            ring.drain(cqe -> res[0] = cqe.res());
            assertEquals(11, res[0]);
            assertEquals("hello", new String(a.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII));
            assertEquals(" uring", new String(b.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII));
            byte[] expected = new byte[64];
            java.util.Arrays.fill(expected, (byte) 0x7E);
            System.arraycopy("hello".getBytes(StandardCharsets.US_ASCII), 0, expected, 8, 5);
            System.arraycopy(" uring".getBytes(StandardCharsets.US_ASCII), 0, expected, 24, 6);
            assertArrayEquals(expected, block.toArray(ValueLayout.JAVA_BYTE), "bytes outside the segments untouched");
        } finally {
            NativeFds.close(p);
        }
    }

    @Test
    void entriesAreRewrittenFromTheirSegmentsAtPrep() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(64);
            IoVecs iov = IoVecs.allocate(arena, 1).add(buf);
            // Memory reached around the read-only view (as a raw address could be) claims 1 GiB.
            MemorySegment raw = MemorySegment.ofAddress(iov.segment().address()).reinterpret(Iovec.SIZE);
            Iovec.iovLen(raw, 0, 1L << 30);
            long address = iov.checkedAddress("iovecs");
            assertEquals(raw.address(), address);
            assertEquals(64, Iovec.iovLen(raw, 0), "the entry is the segment's size again before the kernel sees it");
            assertEquals(buf.address(), Iovec.iovBase(raw, 0));
            assertThrows(IllegalArgumentException.class,
                    () -> iov.segment().set(ValueLayout.JAVA_LONG, 8, 1L << 30), "the view is read-only");
        }
    }

    @Test
    void aClosedEntryIsRefusedByNameAndTheSqeIsLeftAlone() {
        try (Ring ring = Ring.open(4); Arena arena = Arena.ofConfined()) {
            Arena gone = Arena.ofConfined();
            IoVecs iov = IoVecs.allocate(arena, 2).add(arena.allocate(16)).add(gone.allocate(16));
            gone.close();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ring.nextSqe().readv(0, iov, 0));
            assertTrue(e.getMessage().startsWith("iovecs entry 1 "), e.getMessage());
            assertEquals(0, ring.submit(), "the refused entry is not submitted");
            assertThrows(IllegalArgumentException.class, () -> IoVecs.allocate(arena, 1).add(MemorySegment.ofArray(new byte[8])));
            assertThrows(IllegalStateException.class, () -> IoVecs.allocate(arena, 1).add(arena.allocate(8)).add(arena.allocate(8)));
            assertThrows(IllegalArgumentException.class, () -> IoVecs.allocate(arena, 0));
        }
    }

    @Test
    void anEntryHandedToTheRingRefusesFurtherWrites() {
        try (Ring ring = Ring.open(4)) {
            Sqe sqe = ring.nextSqe().nop().userData(5);
            assertEquals(1, ring.submit());
            IllegalStateException prep = assertThrows(IllegalStateException.class, sqe::nop);
            assertTrue(prep.getMessage().contains("already handed to the ring"), prep.getMessage());
            IllegalStateException setter = assertThrows(IllegalStateException.class, () -> sqe.userData(6));
            assertTrue(setter.getMessage().startsWith("userData on an entry already handed"), setter.getMessage());
            ring.nextSqe().nop().userData(7);
            assertEquals(1, ring.submitAndWait(2), "the view works again on the next entry");
            java.util.List<Long> seen = new java.util.ArrayList<>();
            ring.drain(cqe -> seen.add(cqe.userData()));
            assertEquals(java.util.List.of(5L, 7L), seen);
        }
    }
}
