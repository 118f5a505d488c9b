package io.uring4j;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.kernel.flags.SetupFlags;
import org.junit.jupiter.api.Test;

/**
 * SQ_REWIND (7.0) is refused by name when the options are built, on any kernel: a ring that keeps
 * its own SQ tail must not be set up so that the kernel ignores it. (SQE_MIXED: {@link SqeMixedTest}.)
 */
class NewSetupFlagsTest {

    @Test
    void sqRewindIsRefusedByName() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> RingOptions.builder().flags(RingOptions.DEFAULT_FLAGS | SetupFlags.SQ_REWIND).build());
        assertTrue(e.getMessage().contains("SQ_REWIND") && e.getMessage().contains("not supported by Ring"), e.getMessage());
    }
}
