package io.uring4j.register;

import io.uring4j.Ring;
import io.uring4j.RingOptions;
import io.uring4j.UringException;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.NapiTracking;
import org.junit.jupiter.api.Test;
import static io.uring4j.testsupport.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;


/**
 * NAPI on this machine's 6.18 kernel (built with busy-poll support): settings are accepted on a
 * ring without sockets; a static id is accepted without the kernel checking that a queue has it.
 */
class NapiTest {
    @Test
    void registerReportsThePreviousSettingsAndUnregisterTheLastOnes() {
        try (Ring ring = Ring.open(8)) {
            Napi.Settings before = Napi.register(ring, 50, true, NapiTracking.DYNAMIC);
            // a new ring: no budget (sysctl net.core.busy_poll is 0 here), no tracking yet
            assertEquals(new Napi.Settings(0, false, NapiTracking.INACTIVE), before);
            assertEquals(new Napi.Settings(50, true, NapiTracking.DYNAMIC),
                    Napi.register(ring, 20, false, NapiTracking.DYNAMIC));
            Napi.Settings last = Napi.unregister(ring);
            assertEquals(20, last.busyPollMicros());
            assertEquals(false, last.preferBusyPoll());
            assertEquals(0, Napi.unregister(ring).busyPollMicros(), "already off: nothing left");
        }
    }

    @Test
    void theKernelCapsTheBudget() {
        try (Ring ring = Ring.open(8)) {
            Napi.register(ring, 1_000_000, false, NapiTracking.DYNAMIC);
            int capped = Napi.unregister(ring).busyPollMicros();
            assertEquals(10_000, capped, "6.18 caps busy polling at 10 ms");
        }
    }

    @Test
    void staticIdsNeedStaticTracking() {
        try (Ring ring = Ring.open(8)) {
            Napi.register(ring, 10, false, NapiTracking.DYNAMIC);
            assertEquals(Errno.EINVAL, assertThrows(UringException.class, () -> Napi.addStaticId(ring, 12345)).errno(),
                    "not in STATIC mode");
            Napi.register(ring, 10, false, NapiTracking.STATIC);
            Napi.addStaticId(ring, 12345);
            UringException twice = assertThrows(UringException.class, () -> Napi.addStaticId(ring, 12345));
            assertEquals(Errno.EEXIST, twice.errno());
            assertMessage(twice, "already in the ring's static list");
            assertEquals(Errno.EINVAL, assertThrows(UringException.class, () -> Napi.addStaticId(ring, 1)).errno(),
                    "ids below the kernel's first NAPI id are invalid");
            Napi.removeStaticId(ring, 12345);
            assertEquals(Errno.ENOENT,
                    assertThrows(UringException.class, () -> Napi.removeStaticId(ring, 12345)).errno());
            Napi.unregister(ring);
        }
    }

    @Test
    void misuseIsRefused() {
        try (Ring ring = Ring.open(8)) {
            assertMessage(assertThrows(IllegalArgumentException.class,
                    () -> Napi.register(ring, -1, false, NapiTracking.DYNAMIC)), "busyPollMicros");
            assertMessage(assertThrows(IllegalArgumentException.class,
                    () -> Napi.register(ring, 10, false, NapiTracking.INACTIVE)), "tracking");
        }
        try (Ring polled = Ring.open(RingOptions.builder().entries(8).ioPoll().build())) {
            assertEquals(Errno.EINVAL, assertThrows(UringException.class,
                    () -> Napi.register(polled, 10, false, NapiTracking.DYNAMIC)).errno(), "an IOPOLL ring");
        }
    }
}
