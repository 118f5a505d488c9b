package io.uring4j.multishot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.RingOptions;
import io.uring4j.Sqe;
import io.uring4j.buffers.BufferRing;
import io.uring4j.internal.DeferredStep;
import io.uring4j.internal.DeferredSteps;
import io.uring4j.internal.RingAccess;
import io.uring4j.testsupport.Libc;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Lifecycles on a 2-entry SQ kept full: every step the library submits itself (listener steps,
 * multishot arm, cancel and re-arm) meets a full SQ, waits in the ring's deferred steps and goes
 * out with the next submit; none is lost or stuck.
 */
class FullSqLifecycleTest {
    private static final int GROUP = 3;
    private static final long DEADLINE = TimeUnit.SECONDS.toNanos(60);

    /** Fills every free SQ entry with a NOP (user_data 0: not the registry's), so the next library step must wait. */
    private static int fillSq(Ring ring) {
        int n = 0;
        for (Sqe sqe; (sqe = ring.tryNextSqe()) != null; n++) {
            sqe.nop().userData(0);
        }
        return n;
    }

    /** The echo server's state: the registry, its buffers and what it saw. */
    private static final class Server implements ListenerHandler {
        final Ring ring;
        final Multishots multishots;
        final BufferRing buffers;
        final Map<Multishot, Integer> received = new HashMap<>();
        int maxDeferred;
        int cancels;
        int rearms;
        int connections;
        int ended;
        final MultishotHandler echo = new MultishotHandler() {
            @Override
            public void onCompletion(Multishot sub, Cqe cqe) {
                int bid = cqe.bufferId();
                int n = cqe.res();
                buffers.consume(cqe);
                MemorySegment data = buffers.buffer(bid).asSlice(0, n);
                long w = Libc.write(sub.fd(), data); // the echo itself need not go through the ring
                assertEquals(n, w, "echo write");
                buffers.recycle(bid);
                int total = received.merge(sub, 1, Integer::sum);
                if (total % 5 == 0) {
                    fillSq(ring);
                    sub.cancel(); // meets a full SQ: deferred
                    cancels++;
                    note();
                }
            }

            @Override
            public void onEnd(Multishot sub, MultishotEnd end, int res) {
                if (end == MultishotEnd.CANCELLED || end.canRearm()) {
                    fillSq(ring);
                    Multishot next = sub.rearm(); // meets a full SQ: deferred
                    received.put(next, received.getOrDefault(sub, 0));
                    received.remove(sub);
                    rearms++;
                    note();
                } else {
                    assertEquals(MultishotEnd.END_OF_STREAM, end, "the client closed: " + res);
                    received.remove(sub);
                    Libc.close(sub.fd());
                    ended++;
                }
            }
        };

        Server(Ring ring) {
            this.ring = ring;
            this.multishots = new Multishots(ring, 256);
            this.buffers = BufferRing.register(ring, GROUP, 64, 256);
        }

        void note() {
            maxDeferred = Math.max(maxDeferred, multishots.deferredSteps());
        }

        @Override
        public void onCompletion(Multishot accept, Cqe cqe) {
            connections++;
            fillSq(ring);
            multishots.recv(cqe.res(), GROUP, echo); // meets a full SQ: deferred
            note();
        }

        @Override
        public void onEnd(Multishot accept, MultishotEnd end, int res) {}

        @Override
        public void onFailed(Listener listener, ListenerState step, int res) {
            throw new AssertionError("listener step " + step + " failed: " + res);
        }

        /** One turn of the loop: submit (deferred steps go out), wait a little, dispatch. */
        void turn() {
            ring.submit();
            ring.waitFor(1, TimeUnit.MILLISECONDS.toNanos(20));
            ring.drain(multishots::dispatch);
        }
    }

    @Test
    void echoAndListenerChainOnATwoEntrySqKeptFull() throws Exception {
        int clients = 16;
        int messages = 40;
        try (Ring ring = Ring.open(RingOptions.builder().entries(2).cqEntries(256).build())) {
            assertEquals(2, ring.sqEntries());
            Server server = new Server(ring);
            fillSq(ring);
            Listener listener = Listener.open(server.multishots, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    64, false, server);
            server.note();
            assertTrue(server.multishots.deferredSteps() > 0, "the socket step met a full SQ");
            long start = System.nanoTime();
            while (listener.state() != ListenerState.LISTENING) {
                assertTrue(System.nanoTime() - start < DEADLINE, "listener stuck in " + listener.state());
                server.turn();
                fillSq(ring); // every next setup step meets a full SQ too
            }
            int port = ((InetSocketAddress) listener.boundAddress()).getPort();
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                done.add(client(port, messages, c));
            }
            while (!done.stream().allMatch(CompletableFuture::isDone) || server.ended < clients) {
                assertTrue(System.nanoTime() - start < DEADLINE, "echo stuck: " + server.ended + " of " + clients
                        + " connections ended, " + server.multishots.deferredSteps() + " steps deferred");
                server.turn();
            }
            for (CompletableFuture<Void> f : done) {
                f.get(); // a wrong echo fails here
            }
            fillSq(ring);
            listener.close(); // cancel and close meet a full SQ
            while (listener.state() != ListenerState.CLOSED) {
                assertTrue(System.nanoTime() - start < DEADLINE, "listener close stuck in " + listener.state());
                server.turn();
            }
            System.out.printf("2-entry SQ: %d connections, %d cancels, %d re-arms, most steps deferred at once %d%n",
                    server.connections, server.cancels, server.rearms, server.maxDeferred);
            assertEquals(clients, server.connections);
            assertTrue(server.cancels > 0 && server.rearms > 0, "cancels and re-arms happened");
            assertTrue(server.maxDeferred >= 1, "steps were deferred");
            assertEquals(0, server.multishots.live(), "every subscription retired");
            assertEquals(0, server.multishots.deferredSteps());
            assertEquals(0, server.multishots.pool().inUse(), "every token back in the pool");
        }
    }

    /** Connects, sends {@code messages} distinct 64-byte messages one at a time and checks each echo. */
    private static CompletableFuture<Void> client(int port, int messages, int id) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                for (int m = 0; m < messages; m++) {
                    byte[] msg = new byte[64];
                    for (int i = 0; i < msg.length; i++) {
                        msg[i] = (byte) (id * 31 + m * 7 + i);
                    }
                    out.write(msg);
                    assertArrayEquals(msg, in.readNBytes(64), "echo of message " + m + " of client " + id);
                }
                f.complete(null);
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    @Test
    void aCancelWhoseRequestEndedBeforeItWasSentIsDroppedAndItsSlotFreed() {
        try (Ring ring = Ring.open(RingOptions.builder().entries(2).cqEntries(16).build());
                Arena arena = Arena.ofConfined()) {
            Multishots multishots = new Multishots(ring, 4);
            MemorySegment period = arena.allocate(16);
            period.set(java.lang.foreign.ValueLayout.JAVA_LONG, 8, 1_000_000L); // 1 ms
            List<MultishotEnd> ends = new ArrayList<>();
            Multishot timer = multishots.timeout(period, 1, 0, new MultishotHandler() {
                @Override
                public void onCompletion(Multishot sub, Cqe cqe) {}

                @Override
                public void onEnd(Multishot sub, MultishotEnd end, int res) {
                    ends.add(end);
                }
            });
            ring.submit();
            ring.waitFor(1);
            fillSq(ring);
            assertTrue(timer.cancel(), "the cancel is queued (deferred: the SQ is full)");
            assertEquals(1, multishots.deferredSteps());
            ring.drain(multishots::dispatch); // the timer's one period ends it: STOPPED before the cancel goes out
            assertEquals(List.of(MultishotEnd.COMPLETED), ends);
            ring.submit(); // the deferred cancel is no longer needed: dropped, its slot freed
            assertEquals(0, multishots.deferredSteps());
            assertTrue(timer.isRetired(), "both slots released");
            assertEquals(0, multishots.pool().inUse());
        }
    }

    private static final io.uring4j.CompletionHandler IGNORE = cqe -> {};
    private static final int STEPS = 5;

    /** Fills the SQ, defers {@link #STEPS} NOP steps, submits and reaps all 2 + STEPS completions. */
    private static void deferRound(Ring ring, DeferredSteps deferred, DeferredStep nop) {
        fillSq(ring);
        for (int i = 1; i <= STEPS; i++) {
            deferred.add(nop, i);
        }
        ring.submit();
        int seen = 0;
        while (seen < 2 + STEPS) {
            ring.waitFor(1);
            seen += ring.drain(IGNORE);
        }
    }

    @Test
    void deferringAndSendingStepsAllocatesNothingInSteadyState() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Ring ring = Ring.open(RingOptions.builder().entries(2).cqEntries(64).build())) {
            DeferredSteps deferred = RingAccess.get().deferred(ring);
            DeferredStep nop = (sqe, code) -> {
                sqe.nop().userData(code);
                return true;
            };
            int rounds = 20_000;
            long allocated = Long.MAX_VALUE;
            int pass = 0;
            // Steady state: until C2 has compiled the path (interpreted and C1 code allocate
            // what C2 scalar-replaces) and the arrays have grown; at most 15 passes.
            while (pass < 15 && allocated >= 4096) {
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < rounds; i++) {
                    deferRound(ring, deferred, nop);
                }
                allocated = threads.getCurrentThreadAllocatedBytes() - before;
                pass++;
            }
            System.out.printf("deferred steps: %d bytes over %d rounds of 5 deferred steps (pass %d)%n", allocated,
                    rounds, pass);
            assertTrue(allocated < 4096, allocated + " bytes allocated over " + rounds + " rounds");
        }
    }
}
