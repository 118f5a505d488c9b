package io.uring4j.multishot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.Ring;
import io.uring4j.RingOptions;
import io.uring4j.Sqe;
import io.uring4j.testsupport.RecordingHandler;
import java.lang.foreign.Arena;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A step the library deferred on a full SQ goes out with the next wait, not only with the next submit. */
class WaitOnlyLoopTest {
    @Test
    void aWaitSendsTheDeferredArm() {
        try (Ring ring = Ring.open(RingOptions.builder().entries(2).build()); Arena arena = Arena.ofConfined()) {
            Multishots multishots = new Multishots(ring, 4);
            Sqe sqe;
            int queued = 0;
            while ((sqe = ring.tryNextSqe()) != null) {
                sqe.nop().userData(0);
                queued++;
            }
            RecordingHandler h = new RecordingHandler();
            multishots.timeout(MultishotTimeoutTest.period(arena, TimeUnit.MILLISECONDS.toNanos(2)), 3, 0, h);
            assertEquals(1, multishots.deferredSteps(), "the arm met a full SQ");
            // A loop that only waits: the arm must go out, or the timer's completions never come.
            int ready = ring.waitFor(queued + 1, TimeUnit.SECONDS.toNanos(5));
            assertTrue(ready >= queued + 1, "the queued NOPs and the deferred timer completed; waitFor returned " + ready);
            assertEquals(0, multishots.deferredSteps());
        }
    }
}
