package io.uring4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.kernel.flags.NopFlags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Ring.reserve and SqeBatch against the kernel: what is submitted, and every refusal. */
class SqeBatchTest {
    /** Completions as "user_data=res" strings, oldest first. */
    private static List<String> reap(Ring ring) {
        List<String> out = new ArrayList<>();
        ring.drain(c -> out.add(c.userData() + "=" + c.res()));
        return out;
    }

    private static List<String> expected(long from, int n, int res) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add((from + i) + "=" + res);
        }
        return out;
    }

    @Test
    void aBatchSubmitsEveryEntryWithItsUserData() {
        try (Ring ring = Ring.open(64)) {
            SqeBatch batch = ring.reserve(40);
            assertEquals(40, batch.remaining());
            for (int i = 0; i < 40; i++) {
                batch.next(1000 + i).nop(NopFlags.INJECT_RESULT, i, -1, 0, 0, 0);
            }
            assertEquals(0, batch.remaining());
            assertEquals(40, ring.submitAndWait(40));
            List<String> seen = reap(ring);
            List<String> want = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                want.add((1000 + i) + "=" + i);
            }
            assertEquals(want, seen);
            assertSame(batch, ring.reserve(1), "the ring's one reusable batch");
        }
    }

    @Test
    void batchesWrapAroundTheSq() {
        try (Ring ring = Ring.open(8)) {
            for (int round = 0; round < 7; round++) { // 7 x 6 entries: the tail wraps the 8 slots several times
                SqeBatch batch = ring.reserve(6);
                for (int i = 0; i < 6; i++) {
                    batch.next(round * 10L + i).nop();
                }
                assertEquals(6, ring.submitAndWait(6));
                assertEquals(expected(round * 10L, 6, 0), reap(ring));
            }
        }
    }

    @Test
    void userDataSetAfterThePrepReplacesThePresetOne() {
        try (Ring ring = Ring.open(4)) {
            SqeBatch batch = ring.reserve(2);
            batch.next(5).nop().userData(9);
            batch.next().nop(); // user_data 0
            ring.submitAndWait(2);
            assertEquals(List.of("9=0", "0=0"), reap(ring));
            // The preset does not leak into an entry taken the usual way.
            ring.nextSqe().nop();
            ring.submitAndWait(1);
            assertEquals(List.of("0=0"), reap(ring));
        }
    }

    @Test
    void nOutOfRangeIsRefused() {
        try (Ring ring = Ring.open(8)) {
            for (int n : new int[] {0, -1, 9, Integer.MAX_VALUE}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ring.reserve(n));
                assertEquals("n must be from 1 to sqEntries (8); was " + n, e.getMessage());
            }
            assertEquals(0, ring.sqQueued());
        }
    }

    @Test
    void moreThanTheFreeSlotsIsRefusedAndNothingIsReserved() {
        try (Ring ring = Ring.open(8)) {
            for (int i = 0; i < 5; i++) {
                ring.nextSqe().nop().userData(i);
            }
            SqeBatch batch = ring.reserve(1);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ring.reserve(4));
            assertTrue(e.getMessage().startsWith("reserve: n (4) is more than the 3 free SQ slots (5 entries queued"),
                    e.getMessage());
            assertEquals(0, batch.remaining(), "the refused reserve ended the open one");
            assertThrows(IllegalStateException.class, () -> batch.next(5));
            assertSame(batch, ring.reserve(3));
            for (int i = 5; i < 8; i++) {
                batch.next(i).nop();
            }
            assertEquals(8, ring.submitAndWait(8));
            assertEquals(expected(0, 8, 0), reap(ring));
        }
    }

    @Test
    void theReservationIsABoundNotAPromiseBeyondIt() {
        try (Ring ring = Ring.open(8)) {
            SqeBatch batch = ring.reserve(2);
            batch.next(1).nop();
            batch.next(2).nop();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> batch.next(3));
            assertTrue(e.getMessage().startsWith("SqeBatch.next: no reserved entry left"), e.getMessage());
            assertEquals(2, ring.submitAndWait(2), "only the two reserved entries");
            assertEquals(List.of("1=0", "2=0"), reap(ring));
        }
    }

    @Test
    void submitOrAnEntryTakenElsewhereEndsTheReservation() {
        try (Ring ring = Ring.open(8)) {
            SqeBatch batch = ring.reserve(4);
            batch.next(1).nop();
            ring.submit();
            assertEquals(0, batch.remaining());
            assertThrows(IllegalStateException.class, () -> batch.next(2));

            ring.reserve(4).next(3).nop();
            ring.nextSqe().nop().userData(77);
            assertEquals(0, batch.remaining());
            assertThrows(IllegalStateException.class, () -> batch.next(4));
            assertEquals(2, ring.submitAndWait(3), "entry 1 went with the first submit");
            assertEquals(List.of("1=0", "3=0", "77=0"), reap(ring));
        }
    }

    @Test
    void anEntryWhosePrepThrewIsTakenBackAndItsSlotReused() {
        try (Ring ring = Ring.open(8)) {
            SqeBatch batch = ring.reserve(3);
            assertThrows(IllegalArgumentException.class, () -> batch.next(1).nop(0, 0, -1, 70_000, 0, 0));
            assertEquals(3, batch.remaining(), "the refused entry's slot comes back");
            batch.next(2).nop();
            batch.next(3).nop();
            batch.next(4).nop();
            assertThrows(IllegalStateException.class, () -> batch.next(5));
            assertEquals(3, ring.submitAndWait(3));
            assertEquals(List.of("2=0", "3=0", "4=0"), reap(ring));
            // A refused last entry is not submitted either.
            SqeBatch again = ring.reserve(2);
            again.next(6).nop();
            assertThrows(IllegalArgumentException.class, () -> again.next(7).nop(0, 0, -1, -1, 0, 0));
            assertEquals(1, ring.submitAndWait(1));
            assertEquals(List.of("6=0"), reap(ring));
            assertEquals(0, ring.sqQueued());
        }
    }

    @Test
    void onlyTheOwnerThreadMayReserveOrTakeEntries() throws Exception {
        try (Ring ring = Ring.open(8)) {
            SqeBatch batch = ring.reserve(2);
            AtomicReference<Throwable> reserve = new AtomicReference<>();
            AtomicReference<Throwable> next = new AtomicReference<>();
            Thread other = Thread.ofPlatform().start(() -> {
                try {
                    ring.reserve(1);
                } catch (Throwable t) {
                    reserve.set(t);
                }
                try {
                    batch.next(1);
                } catch (Throwable t) {
                    next.set(t);
                }
            });
            other.join();
            for (Throwable t : List.of(reserve.get(), next.get())) {
                assertEquals(IllegalStateException.class, t.getClass());
                assertTrue(t.getMessage().startsWith("single-issuer ring: called from thread"), t.getMessage());
            }
            assertEquals(2, batch.remaining(), "the refused call took nothing");
            batch.next(8).nop();
            assertEquals(1, ring.submitAndWait(1));
            assertEquals(List.of("8=0"), reap(ring));
        }
    }

    @Test
    void aMultiIssuerRingNeedsTheSubmitLock() {
        try (Ring ring = Ring.open(RingOptions.builder().entries(8).multiIssuer().build())) {
            assertThrows(IllegalStateException.class, () -> ring.reserve(1));
            SqeBatch batch;
            ring.submitLock().lock();
            try {
                batch = ring.reserve(2);
                batch.next(1).nop();
            } finally {
                ring.submitLock().unlock();
            }
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> batch.next(2));
            assertTrue(e.getMessage().contains("submitLock"), e.getMessage());
            ring.submitLock().lock();
            try {
                assertEquals(1, ring.submitAndWait(1));
            } finally {
                ring.submitLock().unlock();
            }
            assertEquals(List.of("1=0"), reap(ring));
        }
    }

    @Test
    void aResizeEndsTheReservation() {
        try (Ring ring = Ring.open(8)) {
            SqeBatch batch = ring.reserve(4);
            ring.resize(16, 0);
            assertEquals(0, batch.remaining());
            assertThrows(IllegalStateException.class, () -> batch.next(1));
            assertSame(batch, ring.reserve(12), "the new SQ's room");
            for (int i = 0; i < 12; i++) {
                batch.next(i).nop();
            }
            assertEquals(12, ring.submitAndWait(12));
            assertEquals(expected(0, 12, 0), reap(ring));
        }
    }

    @Test
    void afterCloseEverythingThrowsRingClosed() {
        Ring ring = Ring.open(8);
        SqeBatch batch = ring.reserve(4);
        Sqe entry = batch.next(1);
        ring.close();
        assertThrows(RingClosedException.class, () -> ring.reserve(1));
        assertThrows(RingClosedException.class, () -> batch.next(2));
        assertThrows(RingClosedException.class, batch::remaining);
        assertThrows(RingClosedException.class, entry::nop, "the entry taken before close cannot be written");
    }
}
