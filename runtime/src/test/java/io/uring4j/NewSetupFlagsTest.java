package io.uring4j;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.kernel.flags.SetupFlags;
import org.junit.jupiter.api.Test;

/**
 * Setup flags newer than the ring code (SQE_MIXED, 6.19; SQ_REWIND, 7.0) are refused by name when
 * the options are built, on any kernel: a ring that keeps its own SQ tail must not be set up so
 * that the kernel ignores it.
 */
class NewSetupFlagsTest {

    @Test
    void sqRewindIsRefusedByName() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> RingOptions.builder().flags(RingOptions.DEFAULT_FLAGS | SetupFlags.SQ_REWIND).build());
        assertTrue(e.getMessage().contains("SQ_REWIND") && e.getMessage().contains("not supported by Ring"), e.getMessage());
    }

    @Test
    void sqeMixedIsRefusedByName() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> RingOptions.builder().flags(RingOptions.DEFAULT_FLAGS | SetupFlags.SQE_MIXED).build());
        assertTrue(e.getMessage().contains("SQE_MIXED"), e.getMessage());
    }
}
