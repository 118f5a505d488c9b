package io.uring4j.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContextPoolTest {

    @Test
    void acquireResolveRelease() {
        ContextPool pool = new ContextPool(8, 4);
        assertEquals(8, pool.capacity());
        assertEquals(4, pool.longsPerSlot());
        assertEquals(0, pool.inUse());

        long token = pool.acquire();
        assertTrue(DirectUserData.isExtended(token));
        assertEquals(1, pool.inUse());
        int slot = pool.resolve(token);
        assertTrue(Resolution.isSlot(slot));
        assertEquals(0, slot, "first acquire hands out slot 0");
        assertEquals(token, pool.userData(slot));

        Object handler = new Object();
        pool.set(slot, 0, 11L);
        pool.set(slot, 3, -7L);
        pool.attach(slot, handler);
        assertEquals(11L, pool.get(slot, 0));
        assertEquals(0L, pool.get(slot, 1));
        assertEquals(-7L, pool.get(slot, 3));
        assertSame(handler, pool.attachment(slot));

        assertTrue(pool.release(token));
        assertEquals(0, pool.inUse());
        assertEquals(0, pool.staleSeen());
        assertEquals(0, pool.rejectedReleases());
    }

    @Test
    void slotsAreDistinctWhileHeld() {
        ContextPool pool = new ContextPool(16, 1);
        Set<Integer> slots = new HashSet<>();
        Set<Long> tokens = new HashSet<>();
        for (int i = 0; i < 16; i++) {
            long t = pool.acquire();
            assertTrue(tokens.add(t));
            int s = pool.resolve(t);
            assertTrue(slots.add(s));
            pool.set(s, 0, i);
        }
        for (long t : tokens) {
            int s = pool.resolve(t);
            assertEquals(s, (int) pool.get(s, 0), "each slot keeps its own value");
        }
        assertEquals(16, pool.inUse());
    }

    @Test
    void staleTokenAfterReleaseResolvesAsStaleAndCounts() {
        ContextPool pool = new ContextPool(2, 1);
        long token = pool.acquire();
        assertTrue(pool.release(token));
        assertEquals(Resolution.STALE, pool.resolve(token));
        assertEquals(1, pool.staleSeen());

        // Reacquired slot: the old token is still stale, the new one is live.
        long again = pool.acquire();
        assertEquals(pool.resolve(again), (int) (token & 0xFFFF_FFFFL), "LIFO reuse of the same slot");
        assertNotEquals(token, again);
        assertEquals(Resolution.STALE, pool.resolve(token));
        assertEquals(2, pool.staleSeen());
        assertTrue(Resolution.isSlot(pool.resolve(again)));
        assertEquals(2, pool.staleSeen());
    }

    @Test
    void doubleReleaseIsDetected() {
        ContextPool pool = new ContextPool(2, 1);
        long token = pool.acquire();
        assertTrue(pool.release(token));
        assertFalse(pool.release(token));
        assertEquals(1, pool.rejectedReleases());
        assertEquals(0, pool.inUse(), "a rejected release must not push the slot again");

        // A double release after the slot was reacquired must not free the new owner's slot.
        long newOwner = pool.acquire();
        assertFalse(pool.release(token));
        assertEquals(2, pool.rejectedReleases());
        assertEquals(1, pool.inUse());
        assertTrue(Resolution.isSlot(pool.resolve(newOwner)));
    }

    @Test
    void exhaustionIsAPlainAnswer() {
        ContextPool pool = new ContextPool(3, 0);
        long a = pool.acquire();
        pool.acquire();
        pool.acquire();
        assertEquals(ContextPool.EXHAUSTED, pool.acquire());
        assertEquals(ContextPool.EXHAUSTED, pool.acquire());
        assertEquals(3, pool.inUse());
        assertEquals(Resolution.OUT_OF_RANGE, pool.resolve(ContextPool.EXHAUSTED));
        assertFalse(pool.release(ContextPool.EXHAUSTED));
        assertTrue(pool.release(a));
        long b = pool.acquire();
        assertNotEquals(ContextPool.EXHAUSTED, b);
        assertTrue(Resolution.isSlot(pool.resolve(b)));
    }

    @Test
    void exhaustedCanNeverBeAToken() {
        ContextPool pool = new ContextPool(1, 0);
        // Drive the only slot to the top generation: its token then has all of bits 32..63 set.
        pool.generation(0, Integer.MAX_VALUE);
        long token = pool.acquire();
        assertEquals(0xFFFF_FFFF_0000_0000L, token);
        assertNotEquals(ContextPool.EXHAUSTED, token);
    }

    @Test
    void directValueResolvesAsForeign() {
        ContextPool pool = new ContextPool(4, 1);
        pool.acquire();
        assertEquals(Resolution.FOREIGN, pool.resolve(0L));
        assertEquals(Resolution.FOREIGN, pool.resolve(DirectUserData.pack(127, 255, 65535, -1)));
        assertEquals(Resolution.FOREIGN, pool.resolve(DirectUserData.pack(0, 0, 0, 0)));
        assertFalse(pool.release(0L));
        assertEquals(0, pool.staleSeen());
        assertEquals(1, pool.inUse());
    }

    @Test
    void badIndexResolvesAsOutOfRange() {
        ContextPool pool = new ContextPool(4, 1);
        ContextPool other = new ContextPool(100, 0);
        long big = 0;
        for (int i = 0; i <= 50; i++) {
            big = other.acquire();
        }
        assertEquals(50, other.resolve(big));
        assertEquals(Resolution.OUT_OF_RANGE, pool.resolve(big));
        assertEquals(Resolution.OUT_OF_RANGE, pool.resolve(Long.MIN_VALUE | 4));
        assertEquals(Resolution.OUT_OF_RANGE, pool.resolve(Long.MIN_VALUE | 0xFFFF_FFFFL));
        assertEquals(Resolution.STALE, pool.resolve(Long.MIN_VALUE | 3), "in range but never acquired");
    }

    @Test
    void generationAdvancesOnReuse() {
        ContextPool pool = new ContextPool(1, 0);
        long previous = pool.acquire();
        assertEquals(0, generation(previous));
        for (int i = 1; i <= 1000; i++) {
            assertTrue(pool.release(previous));
            long next = pool.acquire();
            assertEquals(0, pool.resolve(next));
            assertEquals(i, generation(next));
            assertEquals(Resolution.STALE, pool.resolve(previous));
            previous = next;
        }
    }

    @Test
    void generationWrapsWithin31Bits() {
        ContextPool pool = new ContextPool(2, 0);
        pool.generation(1, Integer.MAX_VALUE);
        pool.acquire();
        long top = pool.acquire();
        assertEquals(1, pool.resolve(top));
        assertEquals(Integer.MAX_VALUE, generation(top));
        assertTrue(pool.release(top));
        long wrapped = pool.acquire();
        assertEquals(1, pool.resolve(wrapped));
        assertEquals(0, generation(wrapped));
        assertTrue(DirectUserData.isExtended(wrapped), "the wrap never clears the mode bit");
        assertEquals(Resolution.STALE, pool.resolve(top));
    }

    @Test
    void releaseClearsLongsAndAttachment() {
        ContextPool pool = new ContextPool(1, 3);
        long first = pool.acquire();
        int slot = pool.resolve(first);
        pool.set(slot, 0, 1L);
        pool.set(slot, 1, 2L);
        pool.set(slot, 2, 3L);
        pool.attach(slot, "secret");
        assertTrue(pool.release(first));

        long second = pool.acquire();
        assertEquals(slot, pool.resolve(second), "same slot reused");
        for (int i = 0; i < 3; i++) {
            assertEquals(0L, pool.get(slot, i), "long " + i);
        }
        assertNull(pool.attachment(slot));
    }

    @Test
    void releaseClearsOnlyItsOwnSlot() {
        ContextPool pool = new ContextPool(3, 2);
        long a = pool.acquire();
        long b = pool.acquire();
        long c = pool.acquire();
        for (long t : new long[] {a, b, c}) {
            int s = pool.resolve(t);
            pool.set(s, 0, 100 + s);
            pool.set(s, 1, 200 + s);
            pool.attach(s, "o" + s);
        }
        assertTrue(pool.release(b));
        int sa = pool.resolve(a);
        int sc = pool.resolve(c);
        assertEquals(100 + sa, pool.get(sa, 0));
        assertEquals(200 + sa, pool.get(sa, 1));
        assertEquals("o" + sa, pool.attachment(sa));
        assertEquals(100 + sc, pool.get(sc, 0));
        assertEquals(200 + sc, pool.get(sc, 1));
        assertEquals("o" + sc, pool.attachment(sc));
    }

    @Test
    void multishotSlotStaysLiveUntilReleased() {
        ContextPool pool = new ContextPool(1, 1);
        long token = pool.acquire();
        // Many completions carry the same token; each resolves to the same slot until release.
        for (int cqe = 0; cqe < 100; cqe++) {
            int s = pool.resolve(token);
            assertEquals(0, s);
            pool.set(s, 0, pool.get(s, 0) + 1);
        }
        assertEquals(100L, pool.get(0, 0));
        assertTrue(pool.release(token));
        assertEquals(Resolution.STALE, pool.resolve(token));
    }

    @Test
    void accessorsRejectBadSlotsAndIndexes() {
        ContextPool pool = new ContextPool(2, 2);
        long token = pool.acquire();
        int slot = pool.resolve(token);
        assertMessage(IllegalArgumentException.class, "slot ", () -> pool.get(2, 0));
        assertMessage(IllegalArgumentException.class, "slot ", () -> pool.get(-1, 0));
        assertMessage(IllegalArgumentException.class, "i ", () -> pool.get(slot, 2));
        assertMessage(IllegalArgumentException.class, "i ", () -> pool.set(slot, -1, 0));
        assertMessage(IllegalArgumentException.class, "slot ", () -> pool.attach(5, null));
        assertMessage(IllegalArgumentException.class, "slot ", () -> pool.userData(5));
        // Slot 1 was never acquired; slot 0 after release is no longer held.
        assertMessage(IllegalStateException.class, "slot 1 is not held", () -> pool.get(1, 0));
        assertTrue(pool.release(token));
        assertMessage(IllegalStateException.class, "slot 0 is not held", () -> pool.set(slot, 0, 1));
        assertMessage(IllegalStateException.class, "slot 0 is not held", () -> pool.attachment(slot));
        assertMessage(IllegalStateException.class, "slot 0 is not held", () -> pool.userData(slot));
    }

    @Test
    void constructorRejectsBadSizes() {
        assertMessage(IllegalArgumentException.class, "capacity ", () -> new ContextPool(0, 1));
        assertMessage(IllegalArgumentException.class, "capacity ", () -> new ContextPool(-3, 1));
        assertMessage(IllegalArgumentException.class, "capacity ",
                () -> new ContextPool(ContextPool.MAX_CAPACITY + 1, 1));
        assertMessage(IllegalArgumentException.class, "longsPerSlot ", () -> new ContextPool(1, -1));
        assertMessage(IllegalArgumentException.class, "capacity * longsPerSlot ",
                () -> new ContextPool(1 << 20, 1 << 12));
    }

    @Test
    void resolutionNames() {
        assertEquals("STALE", Resolution.describe(Resolution.STALE));
        assertEquals("FOREIGN", Resolution.describe(Resolution.FOREIGN));
        assertEquals("OUT_OF_RANGE", Resolution.describe(Resolution.OUT_OF_RANGE));
        assertEquals("slot 7", Resolution.describe(7));
        assertFalse(Resolution.isSlot(Resolution.STALE));
        assertTrue(Resolution.isSlot(0));
    }

    static int generation(long token) {
        return (int) (token >>> 32) & 0x7FFF_FFFF;
    }

    private static <T extends Throwable> void assertMessage(Class<T> type, String prefix, Runnable call) {
        T e = assertThrows(type, call::run);
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    }
}
