package io.uring4j.register;

import io.uring4j.Ring;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.ClockId;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import static io.uring4j.testsupport.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;


class RingClockTest {
    @Test
    void bootTimeAndMonotonicAreAcceptedAndTimedWaitsStillExpire() {
        try (Ring ring = Ring.open(8)) {
            RingClock.register(ring, ClockId.BOOTTIME);
            long start = System.nanoTime();
            assertEquals(-Errno.ETIME.value(), ring.waitFor(1, TimeUnit.MILLISECONDS.toNanos(20)));
            assertEquals(true, System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(20),
                    "the wait lasted its timeout on the boot-time clock");
            RingClock.register(ring, ClockId.MONOTONIC);
        }
    }

    @Test
    void otherClocksAreRefused() {
        try (Ring ring = Ring.open(8)) {
            assertMessage(assertThrows(IllegalArgumentException.class, () -> RingClock.register(ring, 0)), "clockId");
        }
    }
}
