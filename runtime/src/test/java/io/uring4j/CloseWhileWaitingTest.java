package io.uring4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.kernel.Errno;
import io.uring4j.testsupport.Libc;
import io.uring4j.testsupport.NativeFds;
import io.uring4j.testsupport.ProcessResources;
import io.uring4j.testsupport.TestSupport;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** close() from another thread while the owner waits; waits that honour interrupt; views after close. */
class CloseWhileWaitingTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    /**
     * The target: a waiter wakes within 100 ms of close(). A wake-up is one wait slice
     * (20 ms) plus the time the woken thread waits for a CPU; on a machine whose load average is
     * several times its cores (other builds), that wait alone can pass 100 ms, so there the bound
     * is 300 ms and the output says so. The measured maximum is printed either way.
     */
    private static final long WAKE_LIMIT = wakeLimit();

    private static long wakeLimit() {
        double perCore = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()
                / Runtime.getRuntime().availableProcessors();
        long limit = perCore > 4 ? 300 * MS : 100 * MS;
        System.out.printf("wake-up bound %d ms (load average per core %.1f)%n", limit / MS, perCore);
        return limit;
    }
    /** Never freed: reads left in flight by a closed ring point here, so no freed memory is at stake. */
    private static final MemorySegment PARKED = Arena.global().allocate(64);

    /** One round's outcome: how long after close() began the waiter left, or what went wrong. */
    private record Round(long wakeNanos, Throwable failure) {}

    @Test
    void closeDuringAWaitWakesEveryWaiterAndLeaksNoFd() throws Exception {
        int rounds = ProcessResources.stress() ? 2_000 : 400;
        int parallel = 8; // rounds overlap so that the slices' waits do not add up
        runRounds(2, parallel, ring -> ring.waitFor(1)); // warm-up: classes loaded, code compiled
        long fdsBefore = ProcessResources.fds();
        List<Round> results = runRounds(rounds, parallel, ring -> ring.waitFor(1));
        long fdsAfter = ProcessResources.fds();
        long[] wakes = new long[results.size()];
        for (int i = 0; i < wakes.length; i++) {
            Round r = results.get(i);
            assertNull(r.failure(), () -> "a waiter failed: " + r.failure());
            wakes[i] = r.wakeNanos();
        }
        java.util.Arrays.sort(wakes);
        long max = wakes[wakes.length - 1];
        System.out.printf("close during waitFor: %d rounds, wake p50 %.1f ms, p99 %.1f ms, max %.1f ms, fds %d -> %d%n",
                rounds, wakes[wakes.length / 2] / 1e6, wakes[wakes.length * 99 / 100] / 1e6, max / 1e6, fdsBefore,
                fdsAfter);
        assertTrue(max < WAKE_LIMIT, "slowest waiter woke " + max / MS + " ms after close()");
        assertEquals(fdsBefore, fdsAfter, "fds leaked over " + rounds + " rounds");
    }

    @Test
    void closeDuringSubmitAndWaitWakesTheOwner() throws Exception {
        Consumer<Ring> readAndWait = ring -> {
            int[] pipe = NativeFds.pipe();
            try {
                ring.nextSqe().read(pipe[0], PARKED, 0).userData(5);
                ring.submitAndWait(1);
            } finally {
                Libc.close(pipe[0]);
                Libc.close(pipe[1]);
            }
        };
        runRounds(2, 2, readAndWait); // warm-up: classes loaded, code compiled
        List<Round> results = runRounds(40, 4, readAndWait);
        for (Round r : results) {
            assertNull(r.failure(), () -> "a waiter failed: " + r.failure());
            assertTrue(r.wakeNanos() < WAKE_LIMIT, "woke " + r.wakeNanos() / MS + " ms after close()");
        }
    }

    @Test
    void closeDuringATimedWaitEndsItLongBeforeTheTimeout() throws Exception {
        runRounds(2, 2, ring -> ring.waitFor(1, Duration.ofSeconds(30))); // warm-up
        List<Round> results = runRounds(20, 4, ring -> ring.waitFor(1, Duration.ofSeconds(30)));
        for (Round r : results) {
            assertNull(r.failure(), () -> "a waiter failed: " + r.failure());
            assertTrue(r.wakeNanos() < WAKE_LIMIT, "woke " + r.wakeNanos() / MS + " ms after close()");
        }
    }

    @Test
    void closeOfAMultiIssuerRingWakesAWaiterOnAnotherThread() throws Exception {
        Ring ring = Ring.open(RingOptions.builder().entries(4).multiIssuer().build());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicLong woke = new AtomicLong();
        CountDownLatch waiting = new CountDownLatch(1);
        Thread waiter = Thread.ofPlatform().start(() -> {
            waiting.countDown();
            try {
                ring.waitFor(1);
            } catch (Throwable t) {
                woke.set(System.nanoTime());
                thrown.set(t);
            }
        });
        waiting.await();
        Thread.sleep(30);
        long closing = System.nanoTime();
        ring.close();
        waiter.join(5_000);
        assertInstanceOf(RingClosedException.class, thrown.get());
        assertTrue(woke.get() - closing < WAKE_LIMIT, "woke " + (woke.get() - closing) / MS + " ms after close()");
    }

    @Test
    void anInterruptEndsAnUntimedWaitWithEintrAndKeepsTheStatus() throws Exception {
        interruptRound(); // warm-up: the exception's classes load once, not inside the measured wake
        long max = 0;
        for (int i = 0; i < 10; i++) {
            max = Math.max(max, interruptRound());
        }
        System.out.printf("interrupt during waitFor: max wake %.1f ms%n", max / 1e6);
        assertTrue(max < WAKE_LIMIT, "woke " + max / MS + " ms after the interrupt");
    }

    /** An owner waits with nothing in flight and is interrupted; returns how long it took to wake. */
    private static long interruptRound() throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicLong woke = new AtomicLong();
        AtomicLong interrupted = new AtomicLong();
        CountDownLatch waiting = new CountDownLatch(1);
        boolean[] statusKept = new boolean[1];
        Thread owner = Thread.ofPlatform().start(() -> {
            try (Ring ring = Ring.open(4)) {
                waiting.countDown();
                ring.waitFor(1);
            } catch (Throwable t) {
                woke.set(System.nanoTime());
                statusKept[0] = Thread.currentThread().isInterrupted();
                thrown.set(t);
            }
        });
        waiting.await();
        Thread.sleep(ThreadLocalRandom.current().nextInt(5, 30));
        interrupted.set(System.nanoTime());
        owner.interrupt();
        owner.join(5_000);
        UringException e = assertInstanceOf(UringException.class, thrown.get());
        assertEquals(Errno.EINTR, e.errno());
        TestSupport.assertMessage(e, "interrupted");
        assertTrue(statusKept[0], "the interrupt status stays set");
        return woke.get() - interrupted.get();
    }

    @Test
    void anInterruptedThreadStillReapsWhatIsReady() {
        try (Ring ring = Ring.open(4)) {
            ring.nextSqe().nop().userData(3);
            ring.submit();
            Thread.currentThread().interrupt();
            try {
                assertEquals(1, ring.waitFor(1), "a ready completion is returned without sleeping");
                assertThrows(UringException.class, () -> ring.waitFor(2), "a wait that must sleep ends");
            } finally {
                Thread.interrupted();
            }
        }
    }

    @Test
    void theSqeViewAfterCloseSaysTheRingIsClosed() {
        Ring ring = Ring.open(4);
        Sqe sqe = ring.nextSqe();
        ring.close();
        RingClosedException e = assertThrows(RingClosedException.class, sqe::nop);
        TestSupport.assertMessage(e, "the ring was closed");
        assertThrows(RingClosedException.class, ring::nextSqe);
        assertThrows(RingClosedException.class, () -> ring.waitFor(1));
        assertThrows(RingClosedException.class, ring::peek);
    }

    @Test
    void closeIsIdempotentFromSeveralThreadsAtOnce() throws Exception {
        long before = ProcessResources.fds();
        for (int i = 0; i < 50; i++) {
            Ring ring = Ring.open(4);
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> closers = new ArrayList<>();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            for (int t = 0; t < 3; t++) {
                closers.add(Thread.ofPlatform().start(() -> {
                    try {
                        go.await();
                        ring.close();
                    } catch (Throwable e) {
                        thrown.set(e);
                    }
                }));
            }
            go.countDown();
            ring.close();
            for (Thread t : closers) {
                t.join();
            }
            assertNull(thrown.get());
            assertTrue(ring.isClosed());
        }
        assertEquals(before, ProcessResources.fds());
    }

    /**
     * Runs {@code rounds} rounds, {@code parallel} at a time: an owner thread opens a ring and
     * calls {@code wait} on it (which must end with a {@link RingClosedException}); another
     * thread closes the ring 0 to 10 ms after the owner said it was about to wait.
     */
    private static List<Round> runRounds(int rounds, int parallel, Consumer<Ring> wait) throws InterruptedException {
        List<Round> results = new ArrayList<>();
        for (int done = 0; done < rounds; done += parallel) {
            int n = Math.min(parallel, rounds - done);
            List<Thread> threads = new ArrayList<>();
            Round[] batch = new Round[n];
            for (int i = 0; i < n; i++) {
                int slot = i;
                AtomicReference<Ring> opened = new AtomicReference<>();
                AtomicLong closing = new AtomicLong();
                CountDownLatch ready = new CountDownLatch(1);
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        opened.set(Ring.open(4));
                    } catch (Throwable t) {
                        batch[slot] = new Round(0, t);
                        return;
                    } finally {
                        ready.countDown();
                    }
                    try {
                        wait.accept(opened.get());
                        batch[slot] = new Round(0, new AssertionError("the wait returned instead of failing"));
                    } catch (RingClosedException e) {
                        batch[slot] = new Round(System.nanoTime() - closing.get(), null);
                    } catch (Throwable t) {
                        batch[slot] = new Round(0, t);
                    }
                }));
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        ready.await();
                        Thread.sleep(ThreadLocalRandom.current().nextInt(11));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    Ring ring = opened.get();
                    if (ring != null) {
                        closing.set(System.nanoTime());
                        ring.close();
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            results.addAll(List.of(batch));
        }
        return results;
    }
}
