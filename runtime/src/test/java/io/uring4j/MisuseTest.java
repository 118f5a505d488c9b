package io.uring4j;

import io.uring4j.kernel.flags.SetupFlags;
import io.uring4j.testsupport.TestSupport;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import static io.uring4j.testsupport.TestSupport.thrownOnOtherThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


class MisuseTest {
    private static void assertMessage(Class<? extends Throwable> type, String fragment, Executable call) {
        Throwable t = assertThrows(type, call);
        assertTrue(t.getMessage().contains(fragment), "message '" + t.getMessage() + "' lacks '" + fragment + "'");
    }

    @Test
    void badEntryCountsAreRefusedByName() {
        for (int bad : new int[] {0, -1, 3, 100, 65536}) {
            assertMessage(IllegalArgumentException.class, "entries must be a power of two",
                    () -> RingOptions.builder().entries(bad).build());
        }
        assertMessage(IllegalArgumentException.class, "cqEntries", () -> RingOptions.builder().entries(16).cqEntries(8).build());
        assertMessage(IllegalArgumentException.class, "cqEntries", () -> RingOptions.builder().cqEntries(1000).build());
        assertMessage(IllegalArgumentException.class, "cqEntries", () -> RingOptions.builder().cqEntries(1 << 17).build());
    }

    @Test
    void badFlagCombinationsAreRefusedBeforeSetup() {
        assertMessage(IllegalArgumentException.class, "DEFER_TASKRUN needs SINGLE_ISSUER",
                () -> RingOptions.builder().removeFlags(SetupFlags.SINGLE_ISSUER).build());
        assertMessage(IllegalArgumentException.class, "HYBRID_IOPOLL needs IOPOLL",
                () -> RingOptions.builder().addFlags(SetupFlags.HYBRID_IOPOLL).build());
        assertMessage(IllegalArgumentException.class, "SQ_AFF needs SQPOLL", () -> RingOptions.builder().sqPollCpu(0).build());
        assertMessage(IllegalArgumentException.class, "SQPOLL",
                () -> RingOptions.builder().sqPoll(1).addFlags(SetupFlags.COOP_TASKRUN).build());
        assertMessage(IllegalArgumentException.class, "TASKRUN_FLAG needs", () -> RingOptions.builder().flags(SetupFlags.TASKRUN_FLAG).build());
        assertMessage(IllegalArgumentException.class, "CQE32 and CQE_MIXED", () -> RingOptions.builder().cqe32().cqeMixed().build());
        assertMessage(IllegalArgumentException.class, "not supported", () -> RingOptions.builder().addFlags(SetupFlags.NO_MMAP).build());
        assertMessage(IllegalArgumentException.class, "ATTACH_WQ", () -> RingOptions.builder().addFlags(SetupFlags.ATTACH_WQ).build());
        assertMessage(IllegalArgumentException.class, "registerRingFd needs SINGLE_ISSUER",
                () -> RingOptions.builder().multiIssuer().registerRingFd().build());
        assertMessage(IllegalArgumentException.class, "idleMillis", () -> RingOptions.builder().sqPoll(-1).build());
        assertMessage(IllegalArgumentException.class, "options", () -> Ring.open((RingOptions) null));
    }

    @Test
    void singleIssuerRingRefusesOtherThreads() throws InterruptedException {
        try (Ring ring = Ring.open(4)) {
            Callable<?>[] calls = {ring::nextSqe, ring::submit, ring::peek, () -> ring.waitFor(0),
                    () -> ring.drain(c -> { }), () -> ring.submitAndWait(0), ring::probe, () -> {
                        ring.resize(8, 0);
                        return null;
                    }};
            for (Callable<?> call : calls) {
                Throwable t = thrownOnOtherThread(call);
                assertInstanceOf(IllegalStateException.class, t);
                assertTrue(t.getMessage().contains("owner is " + Thread.currentThread().getName()), t.getMessage());
            }
            assertMessage(IllegalStateException.class, "no submit lock", ring::submitLock);
            TestSupport.nopRoundTrip(ring, 1); // still usable by its owner
        }
    }

    @Test
    void singleIssuerRingCannotBeOpenedOnAVirtualThread() throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread.ofVirtual().start(() -> {
            try {
                Ring.open(4).close();
            } catch (Throwable t) {
                thrown.set(t);
            }
        }).join();
        assertInstanceOf(IllegalStateException.class, thrown.get());
        assertTrue(thrown.get().getMessage().contains("platform thread"), thrown.get().getMessage());
    }

    @Test
    void closedRingRefusesEverything() {
        Ring ring = Ring.open(4);
        ring.close();
        Executable[] calls = {ring::nextSqe, ring::submit, ring::peek, ring::seen, () -> ring.advance(0),
                () -> ring.waitFor(1), () -> ring.waitFor(1, 1), () -> ring.drain(c -> { }), ring::cqReady,
                ring::sqSpaceLeft, ring::probe, () -> ring.submitAndWait(1), ring::enable};
        for (Executable call : calls) {
            assertMessage(IllegalStateException.class, "closed", call);
        }
    }

    @Test
    void badWaitArgumentsAreRefused() {
        try (Ring ring = Ring.open(4)) {
            assertMessage(IllegalArgumentException.class, "n must be from 0 to cqEntries", () -> ring.waitFor(-1));
            assertMessage(IllegalArgumentException.class, "n must be from 0 to cqEntries", () -> ring.waitFor(ring.cqEntries() + 1));
            assertMessage(IllegalArgumentException.class, "waitNr", () -> ring.submitAndWait(-1));
            assertMessage(IllegalArgumentException.class, "timeoutNanos", () -> ring.waitFor(1, -1));
            assertMessage(IllegalArgumentException.class, "minWaitNanos", () -> ring.waitFor(1, 1, -1));
            assertMessage(IllegalArgumentException.class, "n must be >= 0", () -> ring.advance(-1));
            assertMessage(IllegalStateException.class, "peek() first", ring::seen);
            assertMessage(IllegalArgumentException.class, "handler", () -> ring.drain(null));
        }
    }

    @Test
    void handlerMayNotReapInsideDrain() {
        try (Ring ring = Ring.open(4)) {
            ring.nextSqe().nop().userData(1);
            ring.submit();
            Consumer<Executable> insideDrain = call -> {
                ring.nextSqe().nop().userData(2);
                ring.submit();
                assertMessage(IllegalStateException.class, "inside drain()", call);
            };
            ring.drain(c -> insideDrain.accept(ring::peek));
            ring.drain(c -> insideDrain.accept(ring::seen));
            ring.drain(c -> insideDrain.accept(() -> ring.drain(x -> { })));
            assertEquals(1, ring.drain(c -> { }), "the last NOP a handler submitted");
        }
    }

    @Test
    void segmentsMustBeNativeAliveAndLargeEnough() {
        try (Ring ring = Ring.open(4)) {
            Sqe sqe = ring.nextSqe();
            assertMessage(IllegalArgumentException.class, "buf must be a native segment",
                    () -> sqe.read(0, MemorySegment.ofArray(new byte[8])));
            MemorySegment dead;
            try (Arena arena = Arena.ofConfined()) {
                dead = arena.allocate(8);
            }
            MemorySegment closed = dead;
            assertMessage(IllegalArgumentException.class, "buf belongs to an arena that is already closed",
                    () -> sqe.write(0, closed));
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment small = arena.allocate(8);
                assertMessage(IllegalArgumentException.class, "ts is 8 bytes", () -> sqe.timeout(small));
                assertMessage(IllegalArgumentException.class, "buf must not be null", () -> sqe.read(0, null));
            }
            sqe.nop().userData(1); // the slot is still usable
            assertEquals(1, ring.submit());
        }
    }

    @Test
    void multiIssuerRingNeedsTheLockAndWorksFromManyThreads() throws InterruptedException {
        try (Ring ring = Ring.open(RingOptions.builder().entries(64).multiIssuer().build())) {
            assertEquals(null, ring.owner());
            assertMessage(IllegalStateException.class, "submitLock()", ring::nextSqe);
            int threads = 4;
            int perThread = 50;
            Thread[] workers = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int id = t;
                workers[t] = Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < perThread; i++) {
                        ring.submitLock().lock();
                        try {
                            Sqe sqe = ring.nextSqe();
                            while (sqe == null) {
                                ring.submit();
                                sqe = ring.nextSqe();
                            }
                            sqe.nop().userData((long) id * perThread + i);
                            ring.submit();
                        } finally {
                            ring.submitLock().unlock();
                        }
                    }
                });
            }
            java.util.BitSet got = new java.util.BitSet();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (got.cardinality() < threads * perThread && System.nanoTime() < deadline) {
                ring.waitFor(1, 10_000_000L);
                ring.drain(c -> got.set((int) c.userData()));
            }
            for (Thread w : workers) {
                w.join();
            }
            assertEquals(threads * perThread, got.cardinality());
        }
    }
}
