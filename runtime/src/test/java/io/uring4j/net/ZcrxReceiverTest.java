package io.uring4j.net;

import io.uring4j.KernelVersion;
import io.uring4j.Ring;
import io.uring4j.RingOptions;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.NopFlags;
import io.uring4j.kernel.flags.ZcrxAreaFlags;
import io.uring4j.kernel.structs.IoUringZcrxRqe;
import io.uring4j.testsupport.Loopback;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The zero-copy receive lifecycle as far as a machine without a suitable NIC allows: the area and
 * refill ring are native memory the test allocates (only a NIC queue gets them from the kernel),
 * completions are real 32-byte CQEs posted by the kernel (NOP with CQE32 carries a chosen
 * io_uring_zcrx_cqe.off and INJECT_RESULT a byte count), and RECV_ZC itself meets the kernel's
 * real answer on a ring without a queue. Data from a NIC (header split, flow steering,
 * CAP_NET_ADMIN) is not exercised here.
 */
class ZcrxReceiverTest {
    private static final long TAG = 0x2C;
    private static final int AREA = 64 * 1024;
    private static final long TOKEN = 0; // area 0: the only area a queue registers

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment area = arena.allocate(AREA, 4096);
    private final MemorySegment refillMemory = ZcrxRefillQueueTest.ringMemory(arena, 4);
    private final List<String> events = new ArrayList<>();
    private final List<ZcrxBuffer> held = new ArrayList<>();
    private final ZcrxHandler keep = new ZcrxHandler() {
        @Override
        public void onData(ZcrxBuffer buffer) {
            events.add("data " + buffer.areaOffset() + "+" + buffer.length());
            held.add(buffer);
        }

        @Override
        public void onEnd(int res) {
            events.add("end " + res);
        }
    };

    @AfterEach
    void free() {
        arena.close();
    }

    private static Ring zcrxRing() {
        return Ring.open(RingOptions.builder().entries(16).cqe32().build());
    }

    private ZcrxReceiver receiver(Ring ring, int buffers) {
        ZcrxRefillQueue refill = new ZcrxRefillQueue(refillMemory, ZcrxRefillQueueTest.HEAD, ZcrxRefillQueueTest.TAIL,
                ZcrxRefillQueueTest.RQES, 4, TOKEN);
        return new ZcrxReceiver(ring, 0, area, refill, new ZcrxConfig(TAG, buffers, 0));
    }

    /** A real 32-byte completion from the kernel with user_data TAG, res {@code bytes} and zcrx off {@code raw}. */
    private static void postCompletion(Ring ring, ZcrxReceiver r, int bytes, long raw) {
        assumeTrue(KernelVersion.current().atLeast(NopFlags.since(NopFlags.CQE32)), "NOP CQE32 needs Linux 6.18");
        ring.nextSqe().nop(NopFlags.CQE32 | NopFlags.INJECT_RESULT, bytes, -1, 0, raw, 0).userData(TAG);
        ring.submitAndWait(1);
        assertEquals(1, ring.drain(cqe -> {
            assertEquals(32, cqe.size(), "a 32-byte entry");
            assertEquals(raw, ZcrxCompletion.rawOffset(cqe), "the kernel copied off into the zcrx half");
            assertTrue(r.onCompletion(cqe));
        }));
    }

    @Test
    void aCompletionBecomesAViewOfTheAreaAndReleaseWritesTheRefillEntry() {
        try (Ring ring = zcrxRing()) {
            ZcrxReceiver r = receiver(ring, 2);
            Loopback.fillPattern(area, 9);
            r.armed(keep);
            postCompletion(ring, r, 1500, 0x3000);
            assertEquals(List.of("data 12288+1500", "end 0"), events, "data, then the end (no MORE flag)");
            ZcrxBuffer b = held.getFirst();
            assertArrayEquals(area.asSlice(0x3000, 1500).toArray(ValueLayout.JAVA_BYTE),
                    b.bytes().toArray(ValueLayout.JAVA_BYTE), "the view is the area's bytes");
            assertEquals(b.bytes().address(), area.address() + 0x3000, "a view, not a copy");
            assertEquals(1, r.held());
            assertEquals(ZcrxReceiver.State.ENDED, r.state());
            b.release();
            assertEquals(1, ZcrxRefillQueueTest.kernelTail(refillMemory), "published");
            assertEquals(TOKEN | 0x3000, IoUringZcrxRqe.off(refillMemory, ZcrxRefillQueueTest.RQES));
            assertEquals(1500, IoUringZcrxRqe.len(refillMemory, ZcrxRefillQueueTest.RQES));
            assertEquals(0, r.held());
            assertEquals(1, r.refilled());
        }
    }

    @Test
    void onACqeMixedRingOnlyA32ByteEntryCarriesZcrxData() {
        assumeTrue(KernelVersion.current().atLeast(NopFlags.since(NopFlags.CQE32)), "NOP CQE32 needs Linux 6.18");
        try (Ring ring = Ring.open(RingOptions.builder().entries(16).cqeMixed().build())) {
            ZcrxReceiver r = receiver(ring, 2);
            r.armed(keep);
            ring.nextSqe().nop(NopFlags.CQE32 | NopFlags.INJECT_RESULT, 700, -1, 0, 0x5000, 0).userData(TAG);
            ring.submitAndWait(1);
            ring.drain(cqe -> assertTrue(r.onCompletion(cqe)));
            assertEquals(List.of("data 20480+700", "end 0"), events);
            r.armed(keep);
            ring.nextSqe().nop(NopFlags.INJECT_RESULT, 700, -1, 0, 0, 0).userData(TAG); // a 16-byte entry
            ring.submitAndWait(1);
            var e = assertThrows(IllegalArgumentException.class, () -> ring.drain(cqe -> r.onCompletion(cqe)));
            assertTrue(e.getMessage().contains("32-byte"), e.getMessage());
        }
    }

    @Test
    void completionsOfOtherRequestsAndOtherAreasAreNotTakenForData() {
        try (Ring ring = zcrxRing()) {
            ZcrxReceiver r = receiver(ring, 2);
            ring.nextSqe().nop().userData(TAG + 1);
            ring.submitAndWait(1);
            ring.drain(cqe -> assertFalse(r.onCompletion(cqe), "not started: nothing is ours"));
            r.armed(keep);
            long otherArea = (1L << ZcrxAreaFlags.SHIFT) | 0x1000;
            var e = assertThrows(IllegalStateException.class, () -> postCompletion(ring, r, 100, otherArea));
            assertTrue(e.getMessage().contains("area 1"), e.getMessage());
            var past = assertThrows(IllegalStateException.class, () -> r.complete(4096, true, AREA - 100));
            assertTrue(past.getMessage().contains("outside the queue's one area"), past.getMessage());
        }
    }

    @Test
    void refillAccountingWithAFullRefillRingKeepsABacklogUntilTheKernelConsumes() {
        try (Ring ring = zcrxRing()) {
            ZcrxReceiver r = receiver(ring, 4);
            r.armed(keep);
            for (int i = 0; i < 6; i++) {                 // 6 buffers, more views than kept ready: it grows
                r.complete(1000, true, i * 4096L);
            }
            assertEquals(6, r.held());
            assertEquals(ZcrxReceiver.State.ARMED, r.state(), "MORE: still armed");
            for (ZcrxBuffer b : List.copyOf(held)) {
                b.release();
            }
            assertEquals(4, r.refilled(), "the 4-entry ring took 4");
            assertEquals(2, r.backlog());
            assertEquals(4, ZcrxRefillQueueTest.kernelTail(refillMemory));
            ZcrxRefillQueueTest.kernelConsumes(refillMemory, 3);
            r.complete(10, true, 0x8000);                 // the next completion writes the backlog first
            assertEquals(0, r.backlog());
            assertEquals(6, r.refilled());
            assertEquals(6, ZcrxRefillQueueTest.kernelTail(refillMemory));
            assertEquals(4 * 4096L, IoUringZcrxRqe.off(refillMemory, ZcrxRefillQueueTest.RQES), "entry 4 in slot 0");
            assertEquals(5 * 4096L, IoUringZcrxRqe.off(refillMemory, ZcrxRefillQueueTest.RQES + IoUringZcrxRqe.SIZE));
            assertEquals(7, r.delivered());
        }
    }

    @Test
    void recvZcWithoutARegisteredQueueMeetsTheKernelsAnswerAndEndsTheReceive() throws Exception {
        try (Ring ring = zcrxRing(); Loopback peer = new Loopback()) {
            int fd = peer.connect(ring, arena);
            ZcrxReceiver r = receiver(ring, 2);
            r.start(fd, keep);
            assertTrue(r.isActive());
            ring.submitAndWait(1);
            ring.drain(cqe -> assertTrue(r.onCompletion(cqe)));
            // The kernel finds no zcrx queue with id 0 on this ring.
            assertEquals(List.of("end " + -Errno.EINVAL.value()), events);
            assertEquals(ZcrxReceiver.State.ENDED, r.state());
            assertTrue(r.isStopped());
            assertEquals(-Errno.EINVAL.value(), r.endResult());
            r.close();
            assertEquals(ZcrxReceiver.State.CLOSED, r.state());
            io.uring4j.testsupport.Libc.close(fd);
        }
    }

    @Test
    void stopCancelsByUserDataAndTheFinalCompletionEndsIt() {
        try (Ring ring = zcrxRing()) {
            ZcrxReceiver r = receiver(ring, 2);
            r.stop();
            assertEquals(ZcrxReceiver.State.IDLE, r.state(), "stop when not armed does nothing");
            r.armed(keep);
            r.stop();
            assertEquals(ZcrxReceiver.State.STOPPING, r.state());
            ring.submitAndWait(1);                          // the cancel finds nothing in flight: -ENOENT
            ring.drain(cqe -> {
                assertEquals(TAG | ZcrxConfig.CANCEL_BIT, cqe.userData());
                assertEquals(-Errno.ENOENT.value(), cqe.res());
                assertTrue(r.onCompletion(cqe), "the cancel's completion is the receiver's");
            });
            assertEquals(ZcrxReceiver.State.STOPPING, r.state(), "only the receive's final completion ends it");
            r.complete(-Errno.ECANCELED.value(), false, 0);
            assertEquals(List.of("end " + -Errno.ECANCELED.value()), events);
            assertTrue(r.isStopped());
        }
    }

    @Test
    void misuseIsRefusedByName() {
        try (Ring plain = Ring.open(4)) {
            var e = assertThrows(IllegalArgumentException.class, () -> receiver(plain, 1));
            assertTrue(e.getMessage().contains("CQE32"), e.getMessage());
        }
        Ring gone = zcrxRing();
        ZcrxReceiver onClosed = receiver(gone, 1);
        gone.close();
        assertThrows(io.uring4j.RingClosedException.class, () -> onClosed.start(0, keep));
        assertEquals(ZcrxReceiver.State.IDLE, onClosed.state(), "a start whose entry could not be queued changes nothing");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ZcrxConfig(-1, 1, 0))
                .getMessage().contains("tag"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ZcrxConfig(1, 0, 0))
                .getMessage().contains("buffers"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ZcrxConfig(1, 1, -1))
                .getMessage().contains("receiveLimit"));
        try (Ring ring = zcrxRing()) {
            ZcrxReceiver r = receiver(ring, 1);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> r.start(-1, keep)).getMessage().contains("fd"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> r.start(0, null)).getMessage().contains("handler"));
            r.armed(keep);
            var again = assertThrows(IllegalStateException.class, () -> r.start(0, keep));
            assertTrue(again.getMessage().contains("ARMED"), again.getMessage());
            var closing = assertThrows(IllegalStateException.class, r::close);
            assertTrue(closing.getMessage().contains("stop()"), closing.getMessage());
            r.complete(100, false, 0);
            ZcrxBuffer b = held.getFirst();
            var holding = assertThrows(IllegalStateException.class, r::close);
            assertTrue(holding.getMessage().contains("release"), holding.getMessage());
            b.release();
            var twice = assertThrows(IllegalStateException.class, b::release);
            assertTrue(twice.getMessage().contains("already released"), twice.getMessage());
            assertTrue(assertThrows(IllegalStateException.class, b::bytes).getMessage().contains("already released"));
            assertEquals(1, r.refilled(), "the second release wrote nothing");
            r.armed(keep);                                  // ENDED: may start again
            r.complete(100, false, 0x1000);
            assertSame(b, held.get(1), "the released view is reused for later data");
            assertTrue(b.isHeld());
            b.release();
            r.close();
            var closed = assertThrows(IllegalStateException.class, () -> r.start(0, keep));
            assertTrue(closed.getMessage().contains("CLOSED"), closed.getMessage());
        }
    }
}
