package io.uring4j.register;

import io.uring4j.Ring;
import io.uring4j.RingOptions;
import io.uring4j.UringException;
import io.uring4j.kernel.Errno;
import io.uring4j.testsupport.TestSupport;
import java.util.BitSet;
import org.junit.jupiter.api.Test;
import static io.uring4j.testsupport.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


class IoWorkersTest {
    @Test
    void maxWorkersRoundTrip() {
        try (Ring ring = Ring.open(8)) {
            // The worker pool belongs to the submitting thread and exists once it has submitted.
            TestSupport.nopRoundTrip(ring, 1);
            IoWorkers.Limits before = IoWorkers.maxWorkers(ring, 3, 5);
            assertTrue(before.bounded() > 0 && before.unbounded() > 0, "the kernel's defaults: " + before);
            try {
                assertEquals(new IoWorkers.Limits(3, 5), IoWorkers.maxWorkers(ring));
                assertEquals(new IoWorkers.Limits(3, 5), IoWorkers.maxWorkers(ring, 2, 0), "0 leaves unbounded");
                assertEquals(new IoWorkers.Limits(2, 5), IoWorkers.maxWorkers(ring));
            } finally {
                IoWorkers.maxWorkers(ring, before.bounded(), before.unbounded()); // the pool is per thread
            }
            assertEquals(before, IoWorkers.maxWorkers(ring));
        }
    }

    @Test
    void affinityIsSetAndCleared() {
        try (Ring ring = Ring.open(8)) {
            TestSupport.nopRoundTrip(ring, 1);
            BitSet cpu0 = new BitSet();
            cpu0.set(0);
            IoWorkers.affinity(ring, cpu0);
            IoWorkers.clearAffinity(ring);
        }
    }

    @Test
    void affinityNeedsAThreadThatHasAWorkerPool() throws InterruptedException {
        try (Ring ring = Ring.open(RingOptions.builder().entries(8).multiIssuer().build())) {
            BitSet cpu0 = new BitSet();
            cpu0.set(0);
            // a fresh thread has not submitted to any ring, so it has no io-wq to pin
            Throwable t = TestSupport.thrownOnOtherThread(() -> {
                IoWorkers.affinity(ring, cpu0);
                return null;
            });
            assertInstanceOf(UringException.class, t);
            assertEquals(Errno.EINVAL, ((UringException) t).errno());
        }
    }

    @Test
    void misuseIsRefused() {
        try (Ring ring = Ring.open(8)) {
            assertMessage(assertThrows(IllegalArgumentException.class, () -> IoWorkers.maxWorkers(ring, -1, 0)),
                    "bounded");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> IoWorkers.affinity(ring, new BitSet())),
                    "cpus");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> IoWorkers.affinity(ring, null)), "cpus");
        }
    }
}
