package io.uring4j.net;

import io.uring4j.kernel.flags.ZcrxAreaFlags;
import io.uring4j.kernel.structs.IoUringZcrxRqe;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Refill entries written into a refill ring in real native memory laid out like the kernel's
 * (head, tail on its own cache line, then the entries), with the test playing the kernel: it
 * reads the published tail and the entries, and consumes by moving the head.
 */
class ZcrxRefillQueueTest {
    static final long HEAD = 0;
    static final long TAIL = 64;
    static final long RQES = 128;
    static final long TOKEN = 3L << ZcrxAreaFlags.SHIFT; // area id 3

    private final Arena arena = Arena.ofConfined();

    @AfterEach
    void free() {
        arena.close();
    }

    static MemorySegment ringMemory(Arena arena, int entries) {
        return arena.allocate(RQES + entries * IoUringZcrxRqe.SIZE, 4096);
    }

    static int kernelTail(MemorySegment ring) {
        return ring.get(ValueLayout.JAVA_INT, TAIL);
    }

    /** The kernel consumes {@code n} entries: its head moves on. */
    static void kernelConsumes(MemorySegment ring, int n) {
        ring.set(ValueLayout.JAVA_INT, HEAD, ring.get(ValueLayout.JAVA_INT, HEAD) + n);
    }

    @Test
    void entriesCarryTheTokenAndOffsetAndBecomeVisibleOnPublish() {
        MemorySegment mem = ringMemory(arena, 4);
        ZcrxRefillQueue q = new ZcrxRefillQueue(mem, HEAD, TAIL, RQES, 4, TOKEN);
        assertTrue(q.offer(0x1000, 1500));
        assertTrue(q.offer(0x2000, 4096));
        assertEquals(0, kernelTail(mem), "nothing visible before publish");
        assertEquals(2, q.unpublished());
        q.publish();
        assertEquals(2, kernelTail(mem));
        assertEquals(0, q.unpublished());
        assertEquals(TOKEN | 0x1000, IoUringZcrxRqe.off(mem, RQES));
        assertEquals(1500, IoUringZcrxRqe.len(mem, RQES));
        assertEquals(TOKEN | 0x2000, IoUringZcrxRqe.off(mem, RQES + IoUringZcrxRqe.SIZE));
        assertEquals(4096, IoUringZcrxRqe.len(mem, RQES + IoUringZcrxRqe.SIZE));
        assertEquals(3, ZcrxCompletion.areaId(IoUringZcrxRqe.off(mem, RQES)), "the area id sits above bit 48");
    }

    @Test
    void aFullRingRefusesUntilTheKernelConsumesAndThenWraps() {
        MemorySegment mem = ringMemory(arena, 4);
        ZcrxRefillQueue q = new ZcrxRefillQueue(mem, HEAD, TAIL, RQES, 4, TOKEN);
        for (int i = 0; i < 4; i++) {
            assertTrue(q.offer(i * 4096L, 100 + i));
        }
        assertEquals(0, q.free());
        assertFalse(q.offer(0x9000, 1), "a full ring takes nothing");
        q.publish();
        kernelConsumes(mem, 2);
        assertEquals(2, q.free());
        assertTrue(q.offer(0x9000, 7));
        q.publish();
        assertEquals(5, kernelTail(mem));
        // Entry 4 wraps to slot 0.
        assertEquals(TOKEN | 0x9000, IoUringZcrxRqe.off(mem, RQES));
        assertEquals(7, IoUringZcrxRqe.len(mem, RQES));
        assertEquals(TOKEN | 4096, IoUringZcrxRqe.off(mem, RQES + IoUringZcrxRqe.SIZE), "slot 1 untouched");
    }

    @Test
    void startsAtTheTailItFinds() {
        MemorySegment mem = ringMemory(arena, 8);
        mem.set(ValueLayout.JAVA_INT, HEAD, 100);
        mem.set(ValueLayout.JAVA_INT, TAIL, 103);
        ZcrxRefillQueue q = new ZcrxRefillQueue(mem, HEAD, TAIL, RQES, 8, TOKEN);
        assertEquals(5, q.free());
        assertTrue(q.offer(64, 64));
        q.publish();
        assertEquals(104, kernelTail(mem));
        assertEquals(TOKEN | 64, IoUringZcrxRqe.off(mem, RQES + 7 * IoUringZcrxRqe.SIZE), "slot 103 & 7");
    }

    @Test
    void misuseIsRefusedByName() {
        MemorySegment mem = ringMemory(arena, 4);
        var e = assertThrows(IllegalArgumentException.class, () -> new ZcrxRefillQueue(mem, HEAD, TAIL, RQES, 3, TOKEN));
        assertTrue(e.getMessage().contains("entries"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ZcrxRefillQueue(mem, HEAD, TAIL, RQES, 8, TOKEN));
        assertTrue(e.getMessage().contains("inside the ring"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ZcrxRefillQueue(mem, HEAD, TAIL, RQES, 4, 5));
        assertTrue(e.getMessage().contains("areaToken"), e.getMessage());
        ZcrxRefillQueue q = new ZcrxRefillQueue(mem, HEAD, TAIL, RQES, 4, TOKEN);
        e = assertThrows(IllegalArgumentException.class, () -> q.offer(1L << ZcrxAreaFlags.SHIFT, 1));
        assertTrue(e.getMessage().contains("areaOffset"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> q.offer(0, 0));
        assertTrue(e.getMessage().contains("length"), e.getMessage());
        assertEquals(4, q.free(), "nothing was written");
    }
}
