package io.uring4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.uring4j.kernel.Errno;
import io.uring4j.kernel.Opcode;
import io.uring4j.kernel.flags.NopFlags;
import io.uring4j.kernel.flags.SetupFlags;
import io.uring4j.kernel.flags.SqeFlags;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SQE_MIXED rings (Linux 6.19): 128-byte entries as two 64-byte slots, with a padding NOP where
 * the pair would wrap. The encoding tests drive the SQ of a plain ring without submitting the
 * pairs, so they run on any kernel; the kernel tests need 6.19 and skip by name before it.
 */
class SqeMixedTest {
    private static final int OPCODE = 0;
    private static final int FLAGS = 1;

    private static int opcodeAt(MemorySegment sqes, int slot) {
        return Byte.toUnsignedInt(sqes.get(ValueLayout.JAVA_BYTE, (long) slot * Sqe.SIZE + OPCODE));
    }

    private static int flagsAt(MemorySegment sqes, int slot) {
        return Byte.toUnsignedInt(sqes.get(ValueLayout.JAVA_BYTE, (long) slot * Sqe.SIZE + FLAGS));
    }

    /** Fills {@code slot} with a marker byte pattern so that a clear or a stray write shows. */
    private static void mark(MemorySegment sqes, int slot) {
        sqes.asSlice((long) slot * Sqe.SIZE, Sqe.SIZE).fill((byte) 0x5A);
    }

    /** Runs {@code n} NOPs through the ring so that its SQ head and tail stand at {@code n}. */
    private static void advance(Ring ring, int n) {
        for (int i = 0; i < n; i++) {
            ring.nextSqe().nop().userData(1000 + i);
        }
        assertEquals(n, ring.submitAndWait(n));
        ring.drain(cqe -> { });
    }

    @Test
    void aPairIsTwoSlotsHoldingOne128ByteEntry() {
        try (Ring ring = Ring.open(8)) {
            MemorySegment sqes = ring.sq.sqe.memory;
            mark(sqes, 2);
            Sqe s = ring.sq.next128();
            assertEquals(2, ring.sq.queued(), "a 128-byte entry takes two SQ entries");
            assertEquals(Sqe.BIG_SIZE, s.entrySize());
            s.nop128(NopFlags.INJECT_RESULT, 77).userData(0xABCL);
            MemorySegment image = s.asSegment();
            assertEquals(Sqe.BIG_SIZE, image.byteSize());
            assertEquals(0L, image.address() - sqes.address(), "the pair starts in slot 0");
            assertEquals(Opcode.NOP128.value(), opcodeAt(sqes, 0));
            assertEquals(0xABCL, sqes.get(ValueLayout.JAVA_LONG_UNALIGNED, 32), "user_data in the first slot");
            assertEquals(77, sqes.get(ValueLayout.JAVA_INT_UNALIGNED, 24), "inject result in len");
            for (long i = Sqe.SIZE; i < Sqe.BIG_SIZE; i++) {
                assertEquals(0, sqes.get(ValueLayout.JAVA_BYTE, i), "second slot cleared at byte " + i);
            }
            assertEquals((byte) 0x5A, sqes.get(ValueLayout.JAVA_BYTE, 2L * Sqe.SIZE), "slot 2 untouched");
            Sqe next = ring.sq.next();
            assertEquals(2L * Sqe.SIZE, next.asSegment().address() - sqes.address(), "the next entry follows the pair");
            assertEquals(Sqe.SIZE, next.entrySize());
        }
    }

    @Test
    void aPairThatWouldWrapIsPrecededByASilentNop() {
        try (Ring ring = Ring.open(8)) {
            advance(ring, 7);
            MemorySegment sqes = ring.sq.sqe.memory;
            mark(sqes, 7);
            Sqe s = ring.sq.next128();
            assertEquals(3, ring.sq.queued(), "padding NOP in slot 7, then the pair in slots 0 and 1");
            assertEquals(0L, s.asSegment().address() - sqes.address());
            assertEquals(Opcode.NOP.value(), opcodeAt(sqes, 7));
            assertEquals(SqeFlags.CQE_SKIP_SUCCESS, flagsAt(sqes, 7));
            assertEquals(0L, sqes.get(ValueLayout.JAVA_LONG_UNALIGNED, 7L * Sqe.SIZE + 32), "padding user_data");
            s.nop128();
            assertEquals(Opcode.NOP128.value(), opcodeAt(sqes, 0));
        }
    }

    @Test
    void aPairNeedsTwoFreeSlotsAndThreeWhenItWouldWrap() {
        try (Ring ring = Ring.open(8)) {
            for (int i = 0; i < 6; i++) {
                ring.sq.next().nop();
            }
            assertSame(ring.sq.sqe, ring.sq.next128(), "slots 6 and 7 are free");
            ring.sq.sqe.nop128();
            assertNull(ring.sq.next128(), "the SQ is full");
            assertEquals(8, ring.sq.queued());
        }
        try (Ring ring = Ring.open(8)) {
            advance(ring, 7);
            for (int i = 0; i < 6; i++) {
                ring.sq.next().nop(); // slots 7, 0..4: slot 5 and 6 free, tail not at the end
            }
            assertSame(ring.sq.sqe, ring.sq.next128());
            ring.sq.sqe.nop128();
            assertEquals(8, ring.sq.queued());
        }
        try (Ring ring = Ring.open(8)) {
            advance(ring, 1);
            for (int i = 0; i < 6; i++) {
                ring.sq.next().nop(); // slots 1..6: only slot 7 is free, at the end of the ring
            }
            assertNull(ring.sq.next128(), "one free slot at the end cannot hold a padding NOP and a pair");
            assertEquals(6, ring.sq.queued(), "nothing was taken");
        }
    }

    @Test
    void anUnpreparedPairIsTakenBack() {
        try (Ring ring = Ring.open(8)) {
            Sqe s = ring.sq.next128();
            var e = assertThrows(IllegalStateException.class, s::nop);
            assertTrue(e.getMessage().contains("NOP") && e.getMessage().contains("nextSqe()"), e.getMessage());
            Sqe single = ring.sq.next();
            assertEquals(1, ring.sq.queued(), "the refused pair gave both slots back");
            assertEquals(0L, single.asSegment().address() - ring.sq.sqe.memory.address());
        }
    }

    @Test
    void a128ByteOpcodeInA64ByteSlotNamesTheWayOut() {
        try (Ring ring = Ring.open(8)) {
            var e = assertThrows(IllegalStateException.class, () -> ring.nextSqe().nop128());
            assertTrue(e.getMessage().contains("NOP128") && e.getMessage().contains("nextSqe128()"), e.getMessage());
            var plain = assertThrows(IllegalStateException.class, ring::nextSqe128);
            assertTrue(plain.getMessage().contains("sqeMixed()"), plain.getMessage());
        }
    }

    @Test
    void theCommandAreaOfAPairIs80Bytes() {
        try (Ring ring = Ring.open(8)) {
            Sqe s = ring.sq.next128();
            s.uringCmd128(0, 1);
            assertEquals(80, s.cmdArea().byteSize());
            assertEquals(48L, s.cmdArea().address() - ring.sq.sqe.memory.address());
        }
    }

    @Test
    void sqe128RingsHandOutTheirOwnEntries() {
        try (Ring ring = Ring.open(RingOptions.builder().entries(4).sqe128().build())) {
            Sqe s = ring.nextSqe128();
            assertEquals(Sqe.BIG_SIZE, s.entrySize());
            s.nop128();
            assertEquals(1, ring.sq.queued(), "on an SQE128 ring every entry is one slot");
        }
    }

    @Test
    void optionsAcceptSqeMixedButNotWithSqe128() {
        assertTrue((RingOptions.builder().sqeMixed().build().flags() & SetupFlags.SQE_MIXED) != 0);
        var e = assertThrows(IllegalArgumentException.class, () -> RingOptions.builder().sqeMixed().sqe128().build());
        assertTrue(e.getMessage().contains("SQE128") && e.getMessage().contains("SQE_MIXED"), e.getMessage());
    }

    // ------------------------------------------------------------------ kernel (6.19+)

    private static void assumeMixedKernel() {
        KernelVersion k = KernelVersion.current();
        assumeTrue(k.atLeast("6.19"), "SQE_MIXED rings (IORING_SETUP_SQE_MIXED) and NOP128 need Linux 6.19; the"
                + " running kernel is " + k.release());
    }

    @Test
    void olderKernelsRefuseAMixedRingByName() {
        KernelVersion k = KernelVersion.current();
        assumeTrue(!k.atLeast("6.19"), "Linux " + k.release() + " has SQE_MIXED; this test covers older kernels");
        var e = assertThrows(UringException.class,
                () -> Ring.open(RingOptions.builder().entries(4).sqeMixed().build()).close());
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("SQE_MIXED") && e.getMessage().contains("needs Linux 6.19"), e.getMessage());
    }

    @Test
    void kernelRunsNop128AcrossTheWrapOfAMixedRing() {
        assumeMixedKernel();
        try (Ring ring = Ring.open(RingOptions.builder().entries(4).sqeMixed().build())) {
            for (int i = 0; i < 3; i++) {
                ring.nextSqe().nop().userData(i + 1);
            }
            assertEquals(3, ring.submitAndWait(3));
            List<Long> seen = new ArrayList<>();
            ring.drain(cqe -> seen.add(cqe.userData()));
            // Tail at 3 = the last slot: the pair wraps, so slot 3 gets the padding NOP.
            ring.nextSqe128().nop128(NopFlags.INJECT_RESULT, 128).userData(50);
            ring.nextSqe().nop().userData(51);
            assertEquals(4, ring.submitAndWait(2), "padding NOP, the pair (two entries) and one NOP");
            List<int[]> results = new ArrayList<>();
            ring.drain(cqe -> results.add(new int[] {(int) cqe.userData(), cqe.res()}));
            assertEquals(List.of(1L, 2L, 3L), seen);
            assertEquals(2, results.size(), "the padding NOP posts no completion");
            assertEquals(50, results.get(0)[0]);
            assertEquals(128, results.get(0)[1], "NOP128 ran with its injected result");
            assertEquals(51, results.get(1)[0]);
            assertEquals(0, results.get(1)[1]);
        }
    }
}
