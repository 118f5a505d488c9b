package io.uring4j.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pool against a plain reference model, and its hot path against the allocation counter. */
class ContextPoolRandomizedTest {
    private static final int CAPACITY = 64;
    private static final int LONGS = 3;

    /** What the model expects of one live token. */
    private record Held(long[] values, Object attachment) {}

    @Test
    void matchesReferenceModelOver100kOperations() {
        Random random = new Random(20251118L);
        ContextPool pool = new ContextPool(CAPACITY, LONGS);
        Map<Long, Held> live = new HashMap<>();
        List<Long> liveOrder = new ArrayList<>();
        List<Long> dead = new ArrayList<>();
        Set<Long> everReleased = new HashSet<>();
        long expectedStale = 0;
        long expectedRejected = 0;

        for (int op = 0; op < 100_000; op++) {
            int choice = random.nextInt(100);
            if (choice < 45) {
                long token = pool.acquire();
                if (live.size() == CAPACITY) {
                    assertEquals(ContextPool.EXHAUSTED, token, "op " + op);
                    continue;
                }
                assertNotEquals(ContextPool.EXHAUSTED, token, "op " + op);
                assertTrue(!live.containsKey(token) && !everReleased.contains(token),
                        "op " + op + ": a fresh token must not repeat a live or released one");
                int slot = pool.resolve(token);
                assertTrue(slot >= 0 && slot < CAPACITY, "op " + op);
                long[] values = new long[LONGS];
                for (int i = 0; i < LONGS; i++) {
                    assertEquals(0L, pool.get(slot, i), "op " + op + ": reused slot must start clear");
                    values[i] = random.nextLong();
                    pool.set(slot, i, values[i]);
                }
                Object attachment = new Object();
                pool.attach(slot, attachment);
                live.put(token, new Held(values, attachment));
                liveOrder.add(token);
            } else if (choice < 80 && !liveOrder.isEmpty()) {
                long token = liveOrder.remove(random.nextInt(liveOrder.size()));
                Held held = live.remove(token);
                int slot = pool.resolve(token);
                for (int i = 0; i < LONGS; i++) {
                    assertEquals(held.values()[i], pool.get(slot, i), "op " + op + ": long " + i);
                }
                assertSame(held.attachment(), pool.attachment(slot), "op " + op);
                assertTrue(pool.release(token), "op " + op);
                dead.add(token);
                everReleased.add(token);
            } else if (choice < 95 && !dead.isEmpty()) {
                long token = dead.get(random.nextInt(dead.size()));
                if (random.nextBoolean()) {
                    assertEquals(Resolution.STALE, pool.resolve(token), "op " + op);
                    expectedStale++;
                } else {
                    assertEquals(false, pool.release(token), "op " + op);
                    expectedRejected++;
                }
            } else {
                long direct = DirectUserData.pack(random.nextInt(128), random.nextInt(256),
                        random.nextInt(65536), random.nextInt());
                assertEquals(Resolution.FOREIGN, pool.resolve(direct), "op " + op);
            }
            assertEquals(live.size(), pool.inUse(), "op " + op);
            assertEquals(expectedStale, pool.staleSeen(), "op " + op);
            assertEquals(expectedRejected, pool.rejectedReleases(), "op " + op);
            if (dead.size() > 4096) {
                dead.subList(0, 2048).clear();
            }
        }
        // Every live token still resolves to its own data.
        for (Map.Entry<Long, Held> e : live.entrySet()) {
            int slot = pool.resolve(e.getKey());
            assertSame(e.getValue().attachment(), pool.attachment(slot));
        }
    }

    @Test
    void hotPathAllocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ContextPool pool = new ContextPool(256, 4);
        Object handler = new Object();
        long sink = churn(pool, handler, 200_000); // warm up, and load every class on the path
        long before = threads.getCurrentThreadAllocatedBytes();
        sink += churn(pool, handler, 1_000_000);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // One allocation per operation would be at least 16 MB; allow only measurement noise.
        assertTrue(allocated < 4096, "allocated " + allocated + " bytes over 1M operations (sink " + sink + ")");
    }

    private static long churn(ContextPool pool, Object handler, int rounds) {
        long sink = 0;
        long[] tokens = new long[8];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < tokens.length; k++) {
                long t = pool.acquire();
                int s = pool.resolve(t);
                pool.set(s, 0, r);
                pool.attach(s, handler);
                tokens[k] = t;
            }
            for (long t : tokens) {
                int s = pool.resolve(t);
                sink += pool.get(s, 0) + DirectUserData.fd(DirectUserData.pack(1, 2, 3, s));
                pool.release(t);
                sink += pool.resolve(t);
            }
        }
        return sink;
    }
}
