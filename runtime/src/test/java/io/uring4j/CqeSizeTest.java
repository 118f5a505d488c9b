package io.uring4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.kernel.flags.NopFlags;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CqeSizeTest {
    private static void bigNop(Ring ring, long userData, long extra1, long extra2) {
        ring.nextSqe().nop(NopFlags.CQE32, 0, -1, 0, extra1, extra2).userData(userData);
    }

    @Test
    void cqe32RingCarriesTheExtraWords() {
        try (Ring ring = Ring.open(RingOptions.builder().entries(4).cqe32().build())) {
            bigNop(ring, 1, 0x1111L, 0x2222L);
            ring.nextSqe().nop().userData(2);
            ring.submitAndWait(2);
            Cqe cqe = ring.peek();
            assertEquals(Cqe.BIG_SIZE, cqe.entrySize());
            assertEquals(1, cqe.userData());
            assertEquals(0x1111L, cqe.bigCqe(0));
            assertEquals(0x2222L, cqe.bigCqe(1));
            ring.seen();
            assertEquals(2, ring.peek().userData());
            ring.seen();
        }
    }

    @Test
    void normalRingHasNoExtraWords() {
        try (Ring ring = Ring.open(4)) {
            ring.nextSqe().nop().userData(1);
            ring.submitAndWait(1);
            Cqe cqe = ring.peek();
            assertThrows(IllegalStateException.class, () -> cqe.bigCqe(0));
            ring.seen();
        }
    }

    @Test
    void mixedRingSkipsPaddingAndStepsOverBigEntries() {
        // 1 SQ entry, 4 CQ slots: after three small completions the tail sits on the last slot,
        // so a big completion cannot fit before the wrap and the kernel pads with a SKIP entry.
        try (Ring ring = Ring.open(RingOptions.builder().entries(1).cqEntries(4).cqeMixed().build())) {
            for (long ud = 1; ud <= 3; ud++) {
                ring.nextSqe().nop().userData(ud);
                ring.submit();
                Cqe small = ring.peek();
                assertEquals(ud, small.userData());
                assertEquals(Cqe.SIZE, small.size());
                assertFalse(small.isCqe32());
                assertThrows(IllegalStateException.class, () -> small.bigCqe(0));
                ring.seen();
            }
            bigNop(ring, 4, 0xAAL, 0xBBL);
            ring.submit();
            assertEquals(3, ring.cqReady(), "one padding slot plus a two-slot entry");
            Cqe big = ring.peek();
            assertNotNull(big);
            assertEquals(4, big.userData(), "the padding entry was skipped");
            assertTrue(big.isCqe32());
            assertEquals(Cqe.BIG_SIZE, big.size());
            assertEquals(0xAAL, big.bigCqe(0));
            assertEquals(0xBBL, big.bigCqe(1));
            ring.seen();
            assertEquals(0, ring.cqReady());

            List<Long> got = new ArrayList<>();
            bigNop(ring, 5, 1, 2);
            ring.submit();
            ring.nextSqe().nop().userData(6);
            ring.submit();
            assertEquals(2, ring.drain(c -> got.add(c.userData() * 10 + (c.isCqe32() ? c.bigCqe(1) : 0))));
            assertEquals(List.of(52L, 60L), got);
        }
    }
}
