package io.uring4j.register;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.uring4j.KernelVersion;
import io.uring4j.Ring;
import io.uring4j.RingOptions;
import io.uring4j.UringException;
import io.uring4j.kernel.Errno;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Zero-copy receive registration, as far as a machine without a suitable NIC allows: the
 * arguments are checked before the kernel sees them, and registering the loopback interface
 * (which has no hardware queue) fails with a typed errno and a message naming what is needed.
 * Receiving data needs a NIC with header split and flow steering, which this test cannot assume.
 */
class ZcrxQueueTest {
    private static final long PAGE = io.uring4j.internal.PageSize.BYTES;

    private static Ring zcrxRing() {
        return Ring.open(RingOptions.builder().entries(8).cqe32().build());
    }

    private static int loopbackIndex() throws IOException {
        return Integer.parseInt(Files.readString(Path.of("/sys/class/net/lo/ifindex")).strip());
    }

    /** CAP_NET_ADMIN (capability 12) in this process's effective set. */
    private static boolean hasNetAdmin() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("CapEff:")) {
                return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & (1L << 12)) != 0;
            }
        }
        return false;
    }

    @Test
    void argumentsAreCheckedByName() {
        try (Ring plain = Ring.open(8)) {
            var e = assertThrows(IllegalArgumentException.class, () -> ZcrxQueue.register(plain, 1, 0, 64, PAGE));
            assertTrue(e.getMessage().contains("CQE32"), e.getMessage());
        }
        try (Ring ring = zcrxRing()) {
            var idx = assertThrows(IllegalArgumentException.class, () -> ZcrxQueue.register(ring, 0, 0, 64, PAGE));
            assertTrue(idx.getMessage().contains("ifIndex"), idx.getMessage());
            var q = assertThrows(IllegalArgumentException.class, () -> ZcrxQueue.register(ring, 1, -1, 64, PAGE));
            assertTrue(q.getMessage().contains("rxQueue"), q.getMessage());
            var n = assertThrows(IllegalArgumentException.class, () -> ZcrxQueue.register(ring, 1, 0, 48, PAGE));
            assertTrue(n.getMessage().contains("refillEntries"), n.getMessage());
            var a = assertThrows(IllegalArgumentException.class, () -> ZcrxQueue.register(ring, 1, 0, 64, PAGE + 1));
            assertTrue(a.getMessage().contains("areaBytes"), a.getMessage());
        }
    }

    @Test
    void loopbackCannotDoZeroCopyReceiveAndTheMessageSaysWhatIsNeeded() throws IOException {
        KernelVersion k = KernelVersion.current();
        assumeTrue(k.atLeast("6.15"), "IORING_REGISTER_ZCRX_IFQ needs Linux 6.15; the running kernel is " + k.release());
        try (Ring ring = zcrxRing()) {
            var e = assertThrows(UringException.class,
                    () -> ZcrxQueue.register(ring, loopbackIndex(), 0, 64, 16 * PAGE));
            // Without CAP_NET_ADMIN the kernel stops at the capability check; with it, at the device.
            assertEquals(hasNetAdmin() ? Errno.EOPNOTSUPP : Errno.EPERM, e.errno(), e.getMessage());
            assertTrue(e.getMessage().contains("REGISTER_ZCRX_IFQ"), e.getMessage());
            assertTrue(e.getMessage().contains("CAP_NET_ADMIN") && e.getMessage().contains("header split")
                    && e.getMessage().contains("flow steering"), e.getMessage());
            // The ring stays usable after the refusal.
            ring.nextSqe().nop().userData(7);
            assertEquals(1, ring.submitAndWait(1));
        }
    }
}
