package io.uring4j.multishot;

import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.buffers.BufferRing;
import io.uring4j.snippets.ServerSnippets;
import io.uring4j.testsupport.MultishotLoop;
import io.uring4j.testsupport.SocketPair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link NoBuffersRearm} on the real kernel: a receive runs dry, waits for the threshold, and goes on. */
class NoBuffersRearmTest {
    private static final int BUFFERS = 8;
    private static final int SIZE = 64;

    @Test
    void aDryReceiveIsRearmedOnlyOnceAQuarterOfTheBuffersIsBack() {
        try (Ring ring = Ring.open(16); SocketPair pair = SocketPair.open();
                BufferRing buffers = BufferRing.register(ring, 3, BUFFERS, SIZE)) {
            Multishots multishots = new Multishots(ring, 4);
            MultishotLoop loop = new MultishotLoop(ring, multishots);
            List<Integer> held = new ArrayList<>();
            long[] bytes = new long[1];
            List<MultishotEnd> ends = new ArrayList<>();
            MultishotHandler onData = new MultishotHandler() {
                @Override
                public void onCompletion(Multishot sub, Cqe cqe) {
                    held.add(cqe.bufferId());
                    bytes[0] += cqe.res();
                    buffers.consume(cqe);
                }

                @Override
                public void onEnd(Multishot sub, MultishotEnd end, int res) {}
            };
            MultishotHandler receive = ServerSnippets.receiver(buffers, onData);
            // The snippet's handler parks into its own policy; this test drives one it can see.
            NoBuffersRearm rearm = NoBuffersRearm.quarterOf(buffers, 4);
            assertEquals(BUFFERS / 4, rearm.threshold());
            MultishotHandler observed = new MultishotHandler() {
                @Override
                public void onCompletion(Multishot sub, Cqe cqe) {
                    receive.onCompletion(sub, cqe);
                }

                @Override
                public void onEnd(Multishot sub, MultishotEnd end, int res) {
                    ends.add(end);
                    receive.onEnd(sub, end, res);
                    if (end == MultishotEnd.NO_BUFFERS) {
                        rearm.park(sub);
                    }
                }
            };
            multishots.recv(pair.local, buffers.groupId(), observed);
            ring.submit();
            pair.send(new byte[BUFFERS * SIZE + 100]); // more than the whole group holds
            loop.until(() -> !ends.isEmpty(), 5_000, "the receive to run dry");
            assertEquals(List.of(MultishotEnd.NO_BUFFERS), ends);
            assertEquals(BUFFERS, held.size(), "every buffer filled");
            assertEquals(1, rearm.waiting());

            buffers.recycle(held.remove(0));
            assertEquals(0, rearm.recycled(1), "one buffer back is below the threshold of " + rearm.threshold());
            buffers.recycle(held.remove(0));
            assertEquals(1, rearm.recycled(1), "the threshold reached: the receive is armed again");
            assertEquals(0, rearm.waiting());
            assertEquals(1, rearm.rearms());
            loop.until(() -> bytes[0] == BUFFERS * SIZE + 100, 5_000, () -> "the rest of the bytes; got " + bytes[0]);
            assertTrue(held.size() >= 2, "the rest went into the recycled buffers: " + held);
            assertEquals(0, rearm.recycled(5), "nothing parked: nothing to do");
        }
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new NoBuffersRearm(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new NoBuffersRearm(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new NoBuffersRearm(1, 1).park(null));
        assertThrows(IllegalArgumentException.class, () -> new NoBuffersRearm(1, 1).recycled(-1));
        assertThrows(IllegalArgumentException.class, () -> NoBuffersRearm.quarterOf(null, 1));
    }
}
