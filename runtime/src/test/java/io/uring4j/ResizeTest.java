package io.uring4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.kernel.Errno;
import io.uring4j.kernel.structs.KernelTimespec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ResizeTest {
    @Test
    void resizeKeepsCompletionsAndInFlightRequests() {
        try (Ring ring = Ring.open(RingOptions.builder().entries(4).cqEntries(8).build()); Arena arena = Arena.ofConfined()) {
            for (long ud = 1; ud <= 3; ud++) {
                ring.nextSqe().nop().userData(ud);
            }
            MemorySegment ts = arena.allocate(KernelTimespec.LAYOUT);
            KernelTimespec.tvNsec(ts, 0, TimeUnit.MILLISECONDS.toNanos(50));
            ring.nextSqe().timeout(ts).userData(4);
            assertEquals(4, ring.submit());
            Sqe oldSqe = ring.nextSqe();
            oldSqe.nop().userData(99);
            assertThrows(IllegalStateException.class, () -> ring.resize(32, 64), "queued SQEs block a resize");
            ring.submit();

            ring.resize(32, 64);
            assertEquals(32, ring.sqEntries());
            assertEquals(64, ring.cqEntries());
            assertThrows(IllegalStateException.class, () -> oldSqe.nop(), "views from before the resize are dead");

            Map<Long, Integer> res = new HashMap<>();
            while (res.size() < 5) {
                assertTrue(ring.waitFor(1, TimeUnit.SECONDS.toNanos(5)) > 0, "completions owed: " + (5 - res.size()));
                ring.drain(c -> res.put(c.userData(), c.res()));
            }
            assertEquals(Map.of(1L, 0, 2L, 0, 3L, 0, 99L, 0, 4L, -Errno.ETIME.value()), res,
                    "the NOPs completed before the resize and the timer that fired after it all arrived");

            for (int i = 0; i < 32; i++) {
                Sqe sqe = ring.nextSqe();
                assertNotNull(sqe, "slot " + i + " of the bigger SQ");
                sqe.nop().userData(100 + i);
            }
            assertEquals(32, ring.submit());
            assertEquals(32, ring.drain(c -> assertEquals(0, c.res())));
        }
    }

    @Test
    void resizeRefusesBadSizesAndNonDeferredRings() {
        try (Ring ring = Ring.open(8)) {
            assertThrows(IllegalArgumentException.class, () -> ring.resize(3, 0));
            assertThrows(IllegalArgumentException.class, () -> ring.resize(16, 8));
        }
        try (Ring ring = Ring.open(RingOptions.builder().flags(0).build())) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ring.resize(16, 0));
            assertTrue(e.getMessage().contains("DEFER_TASKRUN"), e.getMessage());
        }
    }
}
