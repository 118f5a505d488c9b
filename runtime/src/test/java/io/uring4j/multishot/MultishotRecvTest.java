package io.uring4j.multishot;

import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.buffers.BufferRing;
import io.uring4j.buffers.LegacyBufferGroup;
import io.uring4j.kernel.Errno;
import io.uring4j.testsupport.BufferCollector;
import io.uring4j.testsupport.BufferTestSupport;
import io.uring4j.testsupport.MultishotLoop;
import io.uring4j.testsupport.RecordingHandler;
import io.uring4j.testsupport.SocketPair;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


/** Multishot recv into a provided-buffer ring: results, ENOBUFS reported and re-armed, end of stream. */
class MultishotRecvTest {
    private static final int GROUP = 6;

    @Test
    void noBuffersIsReportedAndRearmContinues() {
        try (Ring ring = Ring.open(16); SocketPair pair = SocketPair.open();
                BufferRing buffers = BufferRing.register(ring, GROUP, 2, 64)) {
            Multishots multishots = new Multishots(ring, 4);
            MultishotLoop loop = new MultishotLoop(ring, multishots);
            BufferCollector h = new BufferCollector(buffers);
            h.hold = true; // keep both buffers: the third receive finds the group empty
            Multishot first = multishots.recv(pair.local, GROUP, h);
            first.attach("connection 1");
            String a = BufferTestSupport.message(1, 64);
            String b = BufferTestSupport.message(2, 64);
            String c = BufferTestSupport.message(3, 40);
            pair.send(a);
            loop.until(() -> h.bytes.size() == 64, 5_000, "first message");
            pair.send(b);
            loop.until(() -> h.bytes.size() == 128, 5_000, "second message");
            pair.send(c);
            loop.until(h::ended, 5_000, "the end for want of buffers");

            h.assertEndedOnce(MultishotEnd.NO_BUFFERS);
            assertEquals(-Errno.ENOBUFS.value(), h.endRes.get(0));
            assertTrue(MultishotEnd.NO_BUFFERS.canRearm());
            assertTrue(first.isRetired());
            assertEquals(0, multishots.live());

            h.recycleHeld();
            h.hold = false;
            Multishot second = first.rearm();
            assertNotSame(first, second);
            assertSame(MultishotState.STOPPED, first.state(), "STOPPED stays STOPPED");
            assertEquals("connection 1", second.attachment(), "rearm keeps the attachment");
            assertTrue(second.userData() != first.userData(), "a new token");
            loop.until(() -> h.bytes.size() == 168, 5_000, "the third message after the re-arm");
            assertEquals(a + b + c, h.text(), "no byte lost across the re-arm");

            pair.closePeer();
            loop.until(() -> h.ends.size() == 2, 5_000, "end of stream");
            assertEquals(MultishotEnd.END_OF_STREAM, h.ends.get(1));
            assertEquals(0, h.endRes.get(1));
            assertTrue(second.isRetired());
            assertEquals(0, multishots.pool().inUse());
            assertEquals(2, multishots.retired());
            assertEquals(0, multishots.pool().staleSeen());
        }
    }

    @Test
    void armingChecksBeforeQueueing() {
        try (Ring ring = Ring.open(2)) {
            Multishots multishots = new Multishots(ring, 1);
            RecordingHandler h = new RecordingHandler();
            assertThrows(IllegalArgumentException.class, () -> multishots.recv(-1, 0, h));
            assertThrows(IllegalArgumentException.class, () -> multishots.recv(0, 70_000, h));
            assertThrows(IllegalArgumentException.class, () -> multishots.recv(0, 0, null));
            assertEquals(0, ring.sqQueued(), "nothing queued by refused calls");
            Multishot sub = multishots.poll(0, 1, h);
            IllegalStateException full = assertThrows(IllegalStateException.class, () -> multishots.poll(0, 1, h));
            assertTrue(full.getMessage().contains("context-pool"), full.getMessage());
            assertThrows(IllegalStateException.class, sub::rearm, "an ACTIVE subscription cannot be re-armed");
            assertEquals(1, ring.sqQueued());
            assertEquals(2, multishots.pool().inUse(), "a subscription holds two tokens");
        }
    }

    @Test
    void worksWithALegacyProvidedGroup() {
        try (Ring ring = Ring.open(16); SocketPair pair = SocketPair.open();
                LegacyBufferGroup group = LegacyBufferGroup.allocate(GROUP + 1, 0, 2, 64)) {
            Multishots multishots = new Multishots(ring, 4);
            long[] provided = {0};
            MultishotLoop loop = new MultishotLoop(ring, multishots).other(cqe -> {
                assertEquals(0, cqe.res(), "PROVIDE_BUFFERS");
                provided[0]++;
            });
            group.provideAll(ring.nextSqe()).userData(1);
            StringBuilder got = new StringBuilder();
            MultishotHandler h = new MultishotHandler() {
                @Override
                public void onCompletion(Multishot sub, Cqe cqe) {
                    int bid = cqe.bufferId();
                    got.append(BufferTestSupport.text(group.buffer(bid), 0, cqe.res()));
                    group.provide(ring.nextSqe(), bid).userData(2); // hand the buffer back
                }

                @Override
                public void onEnd(Multishot sub, MultishotEnd end, int res) {
                    got.append('|').append(end);
                }
            };
            multishots.recv(pair.local, group.groupId(), h);
            StringBuilder sent = new StringBuilder();
            for (int i = 0; i < 6; i++) { // three times as many messages as buffers
                String m = BufferTestSupport.message(i, 50);
                sent.append(m);
                pair.send(m);
                loop.until(() -> got.length() == sent.length(), 5_000, "message " + sent.length() / 50);
            }
            pair.closePeer();
            loop.until(() -> multishots.live() == 0, 5_000, "end of stream");
            assertEquals(sent + "|" + MultishotEnd.END_OF_STREAM, got.toString());
            assertEquals(7, provided[0], "one provide at the start and one per message");
        }
    }
}
