package io.uring4j;

import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.PollEvents;
import io.uring4j.kernel.flags.PollFlags;
import io.uring4j.testsupport.NativeFds;
import io.uring4j.testsupport.SingleCompletion;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Why uring4j has no level-triggered poll prep (docs/from-go-uring.md, PollAddLevel): the kernel
 * refuses {@code IORING_POLL_ADD_LEVEL} on POLL_ADD. The flag is written by hand into the
 * {@code len} field (where POLL_ADD takes its flags), beside a control without it.
 */
class PollLevelTest {
    @Test
    void theKernelRefusesTheLevelFlagButPollsWithoutIt() {
        int[] pipe = NativeFds.pipe();
        try (Ring ring = Ring.open(4)) {
            NativeFds.write(pipe[1], "x"); // readable: a poll completes at once

            ring.nextSqe().pollAdd(pipe[0], PollEvents.POLLIN).userData(1);
            assertEquals(PollEvents.POLLIN, SingleCompletion.res(ring, 1) & PollEvents.POLLIN, "control: POLLIN");

            Sqe sqe = ring.nextSqe().pollAdd(pipe[0], PollEvents.POLLIN).userData(2);
            sqe.asSegment().set(ValueLayout.JAVA_INT_UNALIGNED, SqeView.offset("len"), PollFlags.ADD_LEVEL);
            assertEquals(PollFlags.ADD_LEVEL, SqeView.of(sqe).len());
            assertEquals(-Errno.EINVAL.value(), SingleCompletion.res(ring, 2), "POLL_ADD with IORING_POLL_ADD_LEVEL");
        } finally {
            NativeFds.close(pipe[0], pipe[1]);
        }
    }
}
