package io.uring4j.register;

import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.RingOptions;
import io.uring4j.kernel.Errno;
import io.uring4j.snippets.ParitySnippets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Waits whose arguments live in a registered region, on the running kernel. */
class WaitRegionTest {
    private static Ring disabledRing() {
        return Ring.open(RingOptions.builder().entries(8).disabled().build());
    }

    @Test
    void eachSlotsTimeoutIsHonoured() {
        try (Ring ring = disabledRing()) {
            WaitRegion waits = WaitRegion.register(ring, 4);
            ring.enable();
            waits.timeout(0, Duration.ofMillis(300)).timeout(1, Duration.ofMillis(2));

            long t0 = System.nanoTime();
            int r = waits.await(0, 1);
            long slow = System.nanoTime() - t0;
            assertEquals(-Errno.ETIME.value(), r, "nothing in flight: the wait times out");
            assertTrue(slow >= Duration.ofMillis(290).toNanos(), "slot 0 slept its 300 ms, slept " + slow / 1_000_000 + " ms");
            assertTrue(slow < Duration.ofSeconds(10).toNanos(), "slot 0 returned, after " + slow / 1_000_000 + " ms");

            t0 = System.nanoTime();
            r = waits.await(1, 1);
            long fast = System.nanoTime() - t0;
            assertEquals(-Errno.ETIME.value(), r);
            assertTrue(fast < Duration.ofMillis(290).toNanos(), "slot 1 has its own 2 ms timeout, slept " + fast / 1_000_000 + " ms");
        }
    }

    @Test
    void aCompletionEndsTheWaitBeforeTheTimeout() {
        try (Ring ring = disabledRing()) {
            WaitRegion waits = WaitRegion.register(ring, 1);
            ring.enable();
            waits.timeout(0, Duration.ofSeconds(30));
            ring.nextSqe().nop().userData(42);
            ring.submit();
            long t0 = System.nanoTime();
            int ready = waits.await(0, 1);
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos());
            assertEquals(1, ready);
            Cqe cqe = ring.peek();
            assertNotNull(cqe);
            assertEquals(42, cqe.userData());
            assertEquals(0, cqe.res());
            ring.seen();
        }
    }

    @Test
    void misuseIsRefusedBeforeTheKernel() {
        try (Ring ring = Ring.open(4)) {
            var e = assertThrows(IllegalStateException.class, () -> WaitRegion.register(ring, 1));
            assertTrue(e.getMessage().contains("disabled"), e.getMessage());
        }
        try (Ring ring = disabledRing()) {
            assertThrows(IllegalArgumentException.class, () -> WaitRegion.register(ring, 0));
            WaitRegion waits = WaitRegion.register(ring, 2);
            var s = assertThrows(IllegalStateException.class, () -> waits.await(0, 1));
            assertTrue(s.getMessage().contains("not enabled"), s.getMessage());
            ring.enable();
            var a = assertThrows(IllegalArgumentException.class, () -> waits.await(2, 1));
            assertTrue(a.getMessage().contains("slot"), a.getMessage());
            a = assertThrows(IllegalArgumentException.class, () -> waits.timeout(0, Duration.ofMillis(-1)));
            assertTrue(a.getMessage().contains("timeout"), a.getMessage());
            a = assertThrows(IllegalArgumentException.class, () -> waits.await(0, 0));
            assertTrue(a.getMessage().contains("minComplete"), a.getMessage());
            waits.timeout(0, Duration.ofMillis(1));
            Throwable[] other = new Throwable[1];
            Thread t = new Thread(() -> {
                try {
                    waits.await(0, 1);
                } catch (Throwable x) {
                    other[0] = x;
                }
            }, "not-the-owner");
            t.start();
            try {
                t.join();
            } catch (InterruptedException x) {
                throw new AssertionError(x);
            }
            assertTrue(other[0] instanceof IllegalStateException && other[0].getMessage().contains("owner"),
                    "a wait from another thread of a single-issuer ring: " + other[0]);
        }
    }

    @Test
    void theJavadocExampleSeesItsNop() {
        assertEquals(1, ParitySnippets.registeredWait());
    }
}
