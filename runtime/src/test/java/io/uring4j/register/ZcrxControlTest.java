package io.uring4j.register;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.KernelVersion;
import io.uring4j.Ring;
import io.uring4j.RingOptions;
import io.uring4j.UringException;
import io.uring4j.kernel.Errno;
import org.junit.jupiter.api.Test;

/**
 * IORING_REGISTER_ZCRX_CTRL (flush the refill queue: 6.19; export: 7.0) as the running kernel
 * answers it. Without a registered queue (loopback cannot have one) a kernel that knows the
 * operation refuses the unknown queue id; one that does not answers EINVAL, which becomes
 * "needs Linux X" by name.
 */
class ZcrxControlTest {
    private static Ring zcrxRing() {
        return Ring.open(RingOptions.builder().entries(8).cqe32().build());
    }

    @Test
    void flushOfTheRefillQueue() {
        boolean known = KernelVersion.current().atLeast("6.19");
        try (Ring ring = zcrxRing()) {
            if (known) {
                var e = assertThrows(UringException.class, () -> ZcrxControl.flush(ring, 0));
                assertTrue(e.getMessage().contains("ZCRX_CTRL_FLUSH_RQ"), e.getMessage());
            } else {
                var e = assertThrows(UnsupportedOperationException.class, () -> ZcrxControl.flush(ring, 0));
                assertTrue(e.getMessage().startsWith("ZCRX_CTRL_FLUSH_RQ needs Linux 6.19"), e.getMessage());
                assertTrue(e.getMessage().contains("answered EINVAL"), e.getMessage());
            }
        }
    }

    @Test
    void exportOfTheQueue() {
        boolean known = KernelVersion.current().atLeast("7.0");
        try (Ring ring = zcrxRing()) {
            if (known) {
                var e = assertThrows(UringException.class, () -> ZcrxControl.export(ring, 0));
                assertTrue(e.getMessage().contains("ZCRX_CTRL_EXPORT"), e.getMessage());
            } else {
                var e = assertThrows(UnsupportedOperationException.class, () -> ZcrxControl.export(ring, 0));
                assertTrue(e.getMessage().startsWith("ZCRX_CTRL_EXPORT needs Linux 7.0"), e.getMessage());
                assertTrue(e.getMessage().contains("answered EINVAL"), e.getMessage());
            }
        }
    }

    @Test
    void theKernelsRawAnswerOnThisKernel() {
        // What the refusal above is built on: the register opcode itself, before 6.19, is EINVAL.
        try (Ring ring = zcrxRing(); var arena = java.lang.foreign.Arena.ofConfined()) {
            var ctrl = arena.allocate(io.uring4j.kernel.structs.ZcrxCtrl.LAYOUT);
            int r = io.uring4j.internal.RegisterCall.on(ring).raw(io.uring4j.kernel.flags.RegisterOp.REGISTER_ZCRX_CTRL,
                    ctrl, 0);
            if (!KernelVersion.current().atLeast("6.19")) {
                assertEquals(-Errno.EINVAL.value(), r);
            } else {
                assertTrue(r < 0, "no queue 0 is registered: " + r);
            }
        }
    }
}
