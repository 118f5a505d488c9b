package io.uring4j.multishot;

import io.uring4j.Ring;
import io.uring4j.kernel.flags.PollEvents;
import io.uring4j.testsupport.MultishotLoop;
import io.uring4j.testsupport.RecordingHandler;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


/** Multishot poll on a pipe: one completion per readiness event, until cancelled. */
class MultishotPollTest {
    @Test
    void seesRepeatedReadiness() {
        try (Ring ring = Ring.open(16); Arena arena = Arena.ofConfined()) {
            Multishots multishots = new Multishots(ring, 4);
            MultishotLoop loop = new MultishotLoop(ring, multishots);
            int[] pipe = loop.pipe(arena);
            MemorySegment one = arena.allocateFrom("x").asSlice(0, 1);
            MemorySegment sink = arena.allocate(16);
            RecordingHandler h = new RecordingHandler();
            Multishot sub = multishots.poll(pipe[0], PollEvents.POLLIN, h);
            loop.runFor(20);
            assertEquals(0, h.results.size(), "an empty pipe is not readable");

            for (int i = 1; i <= 5; i++) {
                loop.write(pipe[1], one);
                int expected = i;
                loop.until(() -> h.results.size() == expected, 5_000, "readiness " + i);
                RecordingHandler.Result r = h.results.get(i - 1);
                assertTrue((r.res() & PollEvents.POLLIN) != 0, "POLLIN in " + r.res());
                assertTrue(r.more(), "the poll stays armed");
                ring.nextSqe().read(pipe[0], sink).userData(4);
                assertEquals(1, loop.call("read the byte"), "drained the pipe");
            }
            assertEquals(MultishotState.ACTIVE, sub.state());
            assertTrue(sub.cancel());
            loop.until(() -> h.ended() && sub.isRetired(), 5_000, "the cancel");
            h.assertEndedOnce(MultishotEnd.CANCELLED);
            assertEquals(5, h.results.size(), "no completion after the cancel");
            assertEquals(0, sub.cancelResult());
            assertEquals(0, multishots.pool().inUse());
            loop.close(pipe[0]);
            loop.close(pipe[1]);
        }
    }
}
