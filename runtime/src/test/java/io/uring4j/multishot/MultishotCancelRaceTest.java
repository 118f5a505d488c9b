package io.uring4j.multishot;

import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.RingOptions;
import io.uring4j.buffers.BufferRing;
import io.uring4j.kernel.Errno;
import io.uring4j.testsupport.MultishotLoop;
import io.uring4j.testsupport.SocketPair;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;


/**
 * Arms, cancels and completes a multishot recv 1,000 times, ten at a time, in five orders: cancel
 * right behind the arm; data waiting, then cancel; end of stream waiting, then cancel (the request
 * ends before the cancel looks); data and end of stream racing a cancel on an armed request; and
 * no cancel at all. Every subscription must end exactly once, every completion reach its own
 * subscription, every token come back, and a late completion for a retired token resolve as stale.
 */
class MultishotCancelRaceTest {
    private static final int ROUNDS = 1_000;
    private static final int BATCH = 10;
    private static final int GROUP = 12;
    private static final int ENOENT = -Errno.ENOENT.value();

    /** One iteration: its socket pair, its subscription and what reached it. */
    static final class Case {
        final int index;
        final int mode;
        final SocketPair pair = SocketPair.open();
        final String tag;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        Multishot sub;
        int ends;
        MultishotEnd end;

        Case(int index) {
            this.index = index;
            this.mode = index % 5;
            this.tag = "#" + index + ";";
        }

        String received() {
            return received.toString(StandardCharsets.US_ASCII);
        }
    }

    /** Routes by attachment: a byte reaching the wrong case shows up as a foreign tag there. */
    static final class Tracker implements MultishotHandler {
        final BufferRing buffers;

        Tracker(BufferRing buffers) {
            this.buffers = buffers;
        }

        @Override
        public void onCompletion(Multishot sub, Cqe cqe) {
            Case c = (Case) sub.attachment();
            assertTrue(cqe.isBuffer() && cqe.res() > 0, "case " + c.index + ": a result carries bytes");
            int bid = cqe.bufferId();
            buffers.consume(cqe);
            byte[] b = new byte[cqe.res()];
            MemorySegment.copy(buffers.buffer(bid), ValueLayout.JAVA_BYTE, 0, b, 0, b.length);
            c.received.writeBytes(b);
            buffers.recycle(bid);
        }

        @Override
        public void onEnd(Multishot sub, MultishotEnd end, int res) {
            Case c = (Case) sub.attachment();
            assertSame(c.sub, sub, "case " + c.index + ": the end reached its own subscription");
            c.ends++;
            c.end = end;
        }
    }

    @Test
    void eachSubscriptionEndsExactlyOnce() {
        RingOptions options = RingOptions.builder().entries(64).cqEntries(1024).build();
        try (Ring ring = Ring.open(options); BufferRing buffers = BufferRing.register(ring, GROUP, 64, 128)) {
            Multishots multishots = new Multishots(ring, 2 * BATCH);
            MultishotLoop loop = new MultishotLoop(ring, multishots);
            Tracker tracker = new Tracker(buffers);
            long cancelsSent = 0;
            long lastRetiredToken = 0;
            for (int first = 0; first < ROUNDS; first += BATCH) {
                List<Case> cases = new ArrayList<>();
                for (int i = first; i < first + BATCH; i++) {
                    Case c = new Case(i);
                    cases.add(c);
                    if (c.mode == 1 || c.mode == 4) {
                        c.pair.send(c.tag);
                    }
                    if (c.mode == 2 || c.mode == 4) {
                        c.pair.closePeer();
                    }
                    c.sub = multishots.recv(c.pair.local, GROUP, tracker);
                    c.sub.attach(c);
                    if (c.mode <= 2) {
                        assertTrue(c.sub.cancel(), "case " + i + ": cancel queued behind the arm");
                    }
                }
                ring.submit();
                for (Case c : cases) {
                    if (c.mode == 3) {
                        c.pair.send(c.tag);
                        c.pair.closePeer();
                        c.sub.cancel(); // false when the end of stream was dispatched already
                    }
                }
                loop.until(() -> cases.stream().allMatch(c -> c.sub.isRetired()), 5_000,
                        () -> "batch " + cases.get(0).index + ": " + cases.stream().map(c -> c.sub.toString()).toList());
                for (Case c : cases) {
                    String what = "case " + c.index + " (mode " + c.mode + "): " + c.sub;
                    assertEquals(1, c.ends, what + " ended exactly once");
                    assertSame(MultishotState.STOPPED, c.sub.state(), what);
                    assertFalse(c.sub.cancel(), what + ": nothing left to cancel");
                    String got = c.received();
                    switch (c.mode) {
                        case 0 -> {
                            assertEquals(MultishotEnd.CANCELLED, c.end, what);
                            assertEquals("", got, what);
                            assertEquals(0, c.sub.cancelResult(), what + ": the cancel found it armed");
                        }
                        case 1 -> {
                            assertEquals(MultishotEnd.CANCELLED, c.end, what);
                            assertEquals(c.tag, got, what + ": the waiting data came first");
                            assertEquals(0, c.sub.cancelResult(), what);
                        }
                        case 2 -> {
                            assertEquals(MultishotEnd.END_OF_STREAM, c.end, what);
                            assertEquals("", got, what);
                            assertEquals(ENOENT, c.sub.cancelResult(), what + ": the request had ended already");
                        }
                        case 3 -> {
                            assertTrue(c.end == MultishotEnd.CANCELLED || c.end == MultishotEnd.END_OF_STREAM, what);
                            assertTrue(got.isEmpty() || got.equals(c.tag), what + ": only its own bytes, got " + got);
                            if (c.end == MultishotEnd.END_OF_STREAM) {
                                assertEquals(c.tag, got, what + ": end of stream comes after the data");
                            }
                        }
                        default -> {
                            assertEquals(MultishotEnd.END_OF_STREAM, c.end, what);
                            assertEquals(c.tag, got, what);
                            assertEquals(0, c.sub.cancelsSent(), what);
                            assertEquals(Multishot.NO_CANCEL_RESULT, c.sub.cancelResult(), what);
                        }
                    }
                    cancelsSent += c.sub.cancelsSent();
                    lastRetiredToken = c.sub.userData();
                    c.pair.close();
                }
                assertEquals(0, multishots.live(), "batch " + first + " fully retired");
            }
            assertEquals(ROUNDS, multishots.armed());
            assertEquals(ROUNDS, multishots.retired(), "each subscription retired exactly once");
            assertEquals(ROUNDS, loop.count(DispatchResult.ENDED), "one last completion per subscription");
            assertEquals(cancelsSent, loop.count(DispatchResult.CANCEL_ACK), "one answer per cancel sent");
            assertEquals(0, loop.count(DispatchResult.NOT_OURS));
            assertEquals(0, loop.count(DispatchResult.STALE), "no completion arrived after its subscription retired");
            assertEquals(0, multishots.pool().inUse(), "every token is back");
            assertEquals(0, multishots.pool().staleSeen());
            assertEquals(0, multishots.pool().rejectedReleases(), "no token released twice");
            for (int bid = 0; bid < buffers.bufferCount(); bid++) {
                assertFalse(buffers.isHeld(bid), "buffer " + bid + " recycled");
            }

            // A completion carrying a retired token (here a NOP's) is detected, not delivered.
            ring.nextSqe().nop().userData(lastRetiredToken);
            loop.until(() -> loop.count(DispatchResult.STALE) == 1, 5_000, "the stale completion");
            assertEquals(1, multishots.pool().staleSeen());
            assertEquals(ROUNDS, multishots.retired());
        }
    }
}
