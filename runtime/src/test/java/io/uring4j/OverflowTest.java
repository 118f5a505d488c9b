package io.uring4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

class OverflowTest {
    private static final int SQ = 8;
    private static final int BATCHES = 25;
    private static final int TOTAL = SQ * BATCHES;

    private static void submitAllNops(Ring ring) {
        int ud = 0;
        for (int b = 0; b < BATCHES; b++) {
            for (int i = 0; i < SQ; i++) {
                ring.nextSqe().nop().userData(ud++);
            }
            assertEquals(SQ, ring.submit());
        }
    }

    @Test
    void overflowedCompletionsAreAllDeliveredByDrain() {
        try (Ring ring = Ring.open(RingOptions.builder().entries(SQ).cqEntries(SQ).build())) {
            submitAllNops(ring);
            assertEquals(SQ, ring.cqReady(), "the CQ is full; the rest overflowed");
            BitSet got = new BitSet();
            int rounds = 0;
            for (int n = ring.drain(c -> got.set((int) c.userData())); n > 0; n = ring.drain(c -> got.set((int) c.userData()))) {
                rounds++;
                assertTrue(rounds < 1000, "drain keeps returning completions");
            }
            assertEquals(TOTAL, got.cardinality(), "every NOP's completion arrived");
            assertEquals(TOTAL, got.nextClearBit(0));
        }
    }

    @Test
    void overflowedCompletionsAreAllDeliveredByPeek() {
        try (Ring ring = Ring.open(RingOptions.builder().entries(SQ).cqEntries(SQ).build())) {
            submitAllNops(ring);
            int expected = 0;
            for (Cqe c = ring.peek(); c != null; c = ring.peek()) {
                assertEquals(expected++, c.userData(), "completions stay in submission order");
                ring.seen();
            }
            assertEquals(TOTAL, expected);
        }
    }

    @Test
    void overflowedCompletionsAreFlushedByWait() {
        try (Ring ring = Ring.open(RingOptions.builder().entries(SQ).cqEntries(SQ).multiIssuer().build())) {
            ring.submitLock().lock();
            try {
                submitAllNops(ring);
            } finally {
                ring.submitLock().unlock();
            }
            int total = 0;
            while (total < TOTAL) {
                int ready = ring.waitFor(1, 1_000_000_000L);
                assertTrue(ready > 0, "a completion is still owed after " + total);
                ring.advance(ready);
                total += ready;
            }
            assertEquals(TOTAL, total);
            assertEquals(0, ring.cqReady());
        }
    }
}
