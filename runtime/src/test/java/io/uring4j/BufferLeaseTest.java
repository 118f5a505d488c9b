package io.uring4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.buffers.BufferRing;
import io.uring4j.buffers.LegacyBufferGroup;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.AsyncCancelFlags;
import io.uring4j.kernel.flags.SqeFlags;
import io.uring4j.register.BufferTable;
import io.uring4j.testsupport.NativeFds;
import io.uring4j.testsupport.SocketPair;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, ring-owned memory: buffer rings, legacy provided buffers and registered buffers are
 * not freed while a request that may write them is in flight. Closing them defers the free to the
 * last such request's final completion; the kernel's writes land in live memory, checked with
 * canary bytes, and later memory is never written.
 */
class BufferLeaseTest {
    private static final long WAIT = 5_000_000_000L;
    private static final byte MARK = (byte) 0x5A;

    private static Cqe next(Ring ring) {
        assertTrue(ring.waitFor(1, WAIT) > 0, "a completion within 5 s");
        return ring.peek();
    }

    private static String text(MemorySegment s, long offset, int n) {
        return new String(s.asSlice(offset, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }

    private static void assertFilled(MemorySegment s, long from, long to, byte value, String what) {
        for (long i = from; i < to; i++) {
            assertEquals(value, s.get(ValueLayout.JAVA_BYTE, i), what + ", byte " + i);
        }
    }

    @Test
    void bufferRingClosedUnderAMultishotRecvStaysUntilItsFinalCompletion() {
        try (Ring ring = Ring.open(8); SocketPair s = SocketPair.open()) {
            BufferRing buffers = BufferRing.register(ring, 3, 4, 64);
            MemorySegment all = buffers.buffer(0).asSlice(0, 0).reinterpret(4 * 64); // the group's whole block
            ring.nextSqe().recvMultishot(s.local, 3).userData(9);
            ring.submit();
            buffers.close();
            assertTrue(buffers.isClosed());
            assertFalse(buffers.isReleased(), "a multishot recv may still select a buffer");
            assertTrue(all.scope().isAlive());
            s.send("first");
            Cqe c = next(ring);
            assertEquals(5, c.res());
            assertTrue(c.isMore() && c.isBuffer());
            int bid = c.bufferId();
            ring.seen();
            assertEquals("first", text(all, bid * 64L, 5), "the kernel wrote the live buffer");
            assertFilled(all, bid * 64L + 5, 4 * 64, (byte) 0, "memory after the received bytes");
            assertFalse(buffers.isReleased(), "F_MORE: the request is still armed");
            ring.nextSqe().asyncCancel(9, 0).userData(10);
            ring.submit();
            for (int seen = 0; seen < 2; seen++) {
                c = next(ring);
                ring.seen();
            }
            assertTrue(buffers.isReleased(), "freed at the multishot's final completion");
            assertFalse(all.scope().isAlive());
            assertEquals(0, ring.heldRequests());
        }
    }

    @Test
    void bufferSelectAddedThroughFlagsHoldsTheGroupToo() {
        int[] pipe = NativeFds.pipe();
        try (Ring ring = Ring.open(8)) {
            BufferRing buffers = BufferRing.register(ring, 0, 2, 64);
            // A plain read made buffer-select by hand: buf_group is 0, the group registered above.
            ring.nextSqe().read(pipe[0], Arena.global().allocate(64), 0L).flags(SqeFlags.BUFFER_SELECT).userData(4);
            ring.submit();
            buffers.close();
            assertFalse(buffers.isReleased(), "the read may select from group 0");
            NativeFds.write(pipe[1], "hand");
            Cqe c = next(ring);
            assertEquals(4, c.res(), "completion " + c.res());
            ring.seen();
            assertTrue(buffers.isReleased());
        } finally {
            NativeFds.close(pipe);
        }
    }

    @Test
    void providedMemoryIsReleasedWhenRemoveBuffersEmptiesTheGroup() {
        int[] pipe = NativeFds.pipe();
        IoArena arena = IoArena.open();
        MemorySegment block = arena.allocate(64 + 2 * 32 + 64);
        block.fill(MARK);
        MemorySegment provided = block.asSlice(64, 2 * 32);
        try (Ring ring = Ring.open(8)) {
            ring.submitAndCheck(ring.nextSqe().provideBuffers(provided, 32, 2, 7), "provide");
            assertEquals(1, ring.groups.providedHeld());
            arena.close();
            assertTrue(block.scope().isAlive(), "the kernel may select the provided buffers");
            assertEquals(2, ring.submitAndCheck(ring.nextSqe().removeBuffers(2, 7), "remove"));
            assertEquals(0, ring.groups.providedHeld(), "the group is empty: nothing left to keep");
            assertFalse(block.scope().isAlive(), "released at the remove's completion, not at ring close");
            // New memory, likely at the same place; a buffer-select read must not reach it.
            try (Arena fresh = Arena.ofConfined()) {
                MemorySegment canary = fresh.allocate(64 + 2 * 32 + 64);
                canary.fill(MARK);
                ring.nextSqe().readBufferSelect(pipe[0], 7).userData(3);
                ring.submit();
                NativeFds.write(pipe[1], "late data");
                Cqe c = next(ring);
                assertEquals(-Errno.ENOBUFS.value(), c.res(), "the removed group has no buffer to select");
                ring.seen();
                assertFilled(canary, 0, canary.byteSize(), MARK, "memory allocated after the release");
            }
        } finally {
            NativeFds.close(pipe);
        }
    }

    @Test
    void legacyGroupClosedWhileProvidedIsFreedByTheRemoveThatFindsItEmpty() {
        int[] pipe = NativeFds.pipe();
        try (Ring ring = Ring.open(8)) {
            LegacyBufferGroup group = LegacyBufferGroup.allocate(5, 4, 32);
            MemorySegment memory = group.buffer(0).reinterpret(4 * 32);
            ring.submitAndCheck(group.provideAll(ring.nextSqe()), "provide");
            ring.nextSqe().readBufferSelect(pipe[0], 5).userData(2);
            ring.submit();
            group.close();
            assertTrue(group.isClosed());
            assertFalse(group.isReleased(), "the kernel holds the group's buffers");
            NativeFds.write(pipe[1], "taken");
            Cqe c = next(ring);
            assertEquals(5, c.res());
            int bid = c.bufferId();
            ring.seen();
            assertEquals("taken", text(memory, bid * 32L, 5));
            assertFalse(group.isReleased(), "three buffers are still the kernel's");
            ring.nextSqe().removeBuffers(4, 5).userData(3); // asks for 4, finds 3: the group is empty
            ring.submit();
            c = next(ring);
            assertEquals(3, c.res());
            ring.seen();
            assertTrue(group.isReleased(), "freed by the remove's completion");
            assertFalse(memory.scope().isAlive());
        } finally {
            NativeFds.close(pipe);
        }
    }

    @Test
    void legacyGroupNeverRemovedIsFreedWhenTheRingCloses() {
        LegacyBufferGroup group = LegacyBufferGroup.allocate(6, 2, 32);
        try (Ring ring = Ring.open(8)) {
            ring.submitAndCheck(group.provideAll(ring.nextSqe()), "provide");
            group.close();
            assertFalse(group.isReleased());
        }
        assertTrue(group.isReleased());
    }

    @Test
    void bufferTableClosedUnderAReadFixedKeepsItsMemoryUntilTheCompletion() {
        int[] pipe = NativeFds.pipe();
        try (Ring ring = Ring.open(8)) {
            BufferTable table = BufferTable.register(ring, 1, 4096);
            MemorySegment slot = table.buffer(0);
            slot.fill(MARK);
            ring.nextSqe().readFixed(pipe[0], slot.asSlice(1024, 64), 0).userData(6);
            ring.submit();
            table.close();
            assertTrue(table.isClosed());
            assertTrue(slot.scope().isAlive(), "a READ_FIXED in flight may still write the buffer");
            NativeFds.write(pipe[1], "fixed");
            Cqe c = next(ring);
            assertEquals(5, c.res());
            assertFalse(c.lifetimeViolated());
            ring.seen();
            assertFalse(slot.scope().isAlive(), "freed at the read's completion");
        } finally {
            NativeFds.close(pipe);
        }
    }

    @Test
    void readvFixedThroughIoVecsKeepsTheTableMemoryUntilItsCompletion() {
        int[] pipe = NativeFds.pipe();
        try (Ring ring = Ring.open(8); Arena arena = Arena.ofConfined()) {
            BufferTable table = BufferTable.register(ring, 1, 4096);
            MemorySegment slot = table.buffer(0);
            slot.fill(MARK);
            IoVecs iov = IoVecs.of(arena, slot.asSlice(100, 4), slot.asSlice(200, 4));
            ring.nextSqe().readvFixed(pipe[0], iov, 0).userData(8);
            ring.submit();
            table.close();
            assertTrue(slot.scope().isAlive(), "the iovecs name the table's memory; the read may still write it");
            NativeFds.write(pipe[1], "abcdefgh");
            Cqe c = next(ring);
            assertEquals(8, c.res(), "completion " + c.res());
            ring.seen();
            assertFalse(slot.scope().isAlive(), "freed at the read's completion");
        } finally {
            NativeFds.close(pipe);
        }
    }

    @Test
    void ioVecsSegmentsFromAClosedIoArenaStayUntilTheCompletion() {
        int[] pipe = NativeFds.pipe();
        try (Ring ring = Ring.open(8); Arena iovMemory = Arena.ofConfined()) {
            IoArena one = IoArena.open();
            IoArena two = IoArena.open();
            MemorySegment a = one.allocate(64);
            MemorySegment b = two.allocate(64);
            a.fill(MARK);
            b.fill(MARK);
            ring.nextSqe().readv(pipe[0], IoVecs.of(iovMemory, a.asSlice(8, 4), b.asSlice(8, 4)), 0).userData(9);
            ring.submit();
            one.close();
            two.close();
            assertTrue(a.scope().isAlive() && b.scope().isAlive(), "both arenas wait for the readv");
            NativeFds.write(pipe[1], "wxyz1234");
            assertTrue(ring.waitFor(1, WAIT) > 0);
            // Completed, not yet reaped: the memory is still alive, and the kernel wrote inside it.
            assertEquals("wxyz", text(a, 8, 4));
            assertEquals("1234", text(b, 8, 4));
            assertFilled(a, 12, 64, MARK, "after the first iovec");
            assertFilled(b, 0, 8, MARK, "before the second iovec");
            assertEquals(8, ring.peek().res()); // reaping the final completion releases both
            assertFalse(a.scope().isAlive() || b.scope().isAlive(), "both freed at the completion");
            ring.seen();
        } finally {
            NativeFds.close(pipe);
        }
    }

    @Test
    void messageHeaderInAClosedIoArenaStaysUntilTheRecvmsgCompletes() {
        try (Ring ring = Ring.open(8); SocketPair s = SocketPair.open()) {
            IoArena arena = IoArena.open();
            MemorySegment buf = arena.allocate(64);
            buf.fill(MARK);
            io.uring4j.net.MessageHeader msg = io.uring4j.net.MessageHeader.allocate(arena, 1).add(buf.asSlice(16, 8));
            ring.nextSqe().recvmsg(s.local, msg).userData(11);
            ring.submit();
            arena.close();
            assertTrue(buf.scope().isAlive(), "the msghdr and its buffer wait for the recvmsg");
            s.send("message!");
            assertTrue(ring.waitFor(1, WAIT) > 0);
            assertEquals("message!", text(buf, 16, 8));
            assertFilled(buf, 24, 64, MARK, "after the buffer");
            assertEquals(8, ring.peek().res());
            assertFalse(buf.scope().isAlive(), "freed with the final completion");
            ring.seen();
        }
    }

    @Test
    void bufferTableReadFixedLandsBetweenCanaries() {
        int[] pipe = NativeFds.pipe();
        try (Ring ring = Ring.open(8); BufferTable table = BufferTable.register(ring, 1, 4096)) {
            MemorySegment slot = table.buffer(0);
            slot.fill(MARK);
            ring.nextSqe().readFixed(pipe[0], slot.asSlice(1024, 64), 0).userData(6);
            ring.submit();
            NativeFds.write(pipe[1], "fixed");
            assertEquals(5, next(ring).res());
            ring.seen();
            assertEquals("fixed", text(slot, 1024, 5));
            assertFilled(slot, 0, 1024, MARK, "before the slice");
            assertFilled(slot, 1024 + 64, 4096, MARK, "after the slice");
        } finally {
            NativeFds.close(pipe);
        }
    }

    @Test
    void cancelledMultishotReleasesAClosedBufferRingAtRingCloseToo() {
        SocketPair s = SocketPair.open();
        BufferRing buffers;
        try (Ring ring = Ring.open(8)) {
            buffers = BufferRing.register(ring, 2, 2, 64);
            ring.nextSqe().recvMultishot(s.local, 2).userData(1);
            ring.submit();
            buffers.close();
            assertFalse(buffers.isReleased());
            ring.nextSqe().asyncCancel(1, AsyncCancelFlags.ALL).userData(2);
            ring.submit();
        }
        assertTrue(buffers.isReleased(), "the ring's close cancelled, reaped and released the group");
        s.close();
    }
}
