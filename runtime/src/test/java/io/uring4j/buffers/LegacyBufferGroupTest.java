package io.uring4j.buffers;

import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.kernel.Errno;
import io.uring4j.testsupport.SocketPair;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import static io.uring4j.testsupport.BufferTestSupport.message;
import static io.uring4j.testsupport.BufferTestSupport.next;
import static io.uring4j.testsupport.BufferTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


/** PROVIDE_BUFFERS / REMOVE_BUFFERS over a LegacyBufferGroup's memory. */
class LegacyBufferGroupTest {
    private static int complete(Ring ring, long userData) {
        Cqe cqe = next(ring);
        assertEquals(userData, cqe.userData());
        int res = cqe.res();
        ring.seen();
        return res;
    }

    @Test
    void provideReceiveProvideAgainAndRemove() {
        try (Ring ring = Ring.open(16); SocketPair pair = SocketPair.open();
                LegacyBufferGroup group = LegacyBufferGroup.allocate(7, 100, 4, 64)) {
            group.provideAll(ring.nextSqe()).userData(1);
            assertEquals(0, complete(ring, 1));

            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < 12; i++) {
                String msg = message(i, 40);
                pair.send(msg);
                ring.nextSqe().recvBufferSelect(pair.local, 7).userData(2);
                Cqe cqe = next(ring);
                assertEquals(40, cqe.res());
                assertTrue(cqe.isBuffer());
                int bid = cqe.bufferId();
                assertTrue(bid >= 100 && bid < 104, "bid " + bid);
                assertEquals(msg, text(group.buffer(bid), 0, 40));
                ring.seen();
                seen.add(bid);
                group.provide(ring.nextSqe(), bid).userData(3);
                assertEquals(0, complete(ring, 3));
            }
            assertTrue(seen.size() >= 2, "buffers were handed out and given back: " + seen);

            // Take one buffer out, so three remain with the kernel.
            pair.send("last");
            ring.nextSqe().recvBufferSelect(pair.local, 7).userData(4);
            assertEquals(4, complete(ring, 4));
            group.removeAll(ring.nextSqe()).userData(5);
            assertEquals(3, complete(ring, 5), "REMOVE_BUFFERS reports how many it removed");

            pair.send("none");
            ring.nextSqe().recvBufferSelect(pair.local, 7).userData(6);
            assertEquals(-Errno.ENOBUFS.value(), complete(ring, 6), "the group is empty");
        }
    }

    @Test
    void removeTakesAtMostTheCountAsked() {
        try (Ring ring = Ring.open(8); LegacyBufferGroup group = LegacyBufferGroup.allocate(9, 8, 32)) {
            group.provideAll(ring.nextSqe()).userData(1);
            assertEquals(0, complete(ring, 1));
            group.remove(ring.nextSqe(), 3).userData(2);
            assertEquals(3, complete(ring, 2));
            group.removeAll(ring.nextSqe()).userData(3);
            assertEquals(5, complete(ring, 3));
        }
    }

    @Test
    void removingFromAnUnknownGroupFailsWithEnoent() {
        try (Ring ring = Ring.open(8); LegacyBufferGroup group = LegacyBufferGroup.allocate(11, 2, 32)) {
            group.removeAll(ring.nextSqe()).userData(1);
            assertEquals(-Errno.ENOENT.value(), complete(ring, 1));
        }
    }
}
