package io.uring4j.os;

import io.uring4j.Ring;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.Futex2Flags;
import io.uring4j.testsupport.Loopback;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


/** FUTEX_WAIT, FUTEX_WAKE and FUTEX_WAITV through {@link FutexWord} and {@link FutexVector}. */
class FutexTest {
    private static final long SHORT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);


    @Test
    void aWaitOnTheRingIsWokenFromAnotherThreadsRing() throws Exception {
        try (Arena arena = Arena.ofShared(); Ring ring = Ring.open(8)) {
            FutexWord word = FutexWord.allocate(arena);
            word.prepareWait(ring.nextSqe(), 0).userData(1);
            ring.submit();
            assertEquals(-Errno.ETIME.value(), ring.waitFor(1, SHORT_NANOS), "the wait parks while nobody wakes it");

            CompletableFuture<Integer> woken = new CompletableFuture<>();
            Thread waker = Thread.ofPlatform().name("futex-waker").start(() -> {
                try (Ring other = Ring.open(4)) {
                    word.set(1);
                    word.prepareWake(other.nextSqe(), 1).userData(2);
                    woken.complete(Loopback.complete(other, 2, "futex wake"));
                } catch (Throwable t) {
                    woken.completeExceptionally(t);
                }
            });
            assertEquals(1, woken.get(10, TimeUnit.SECONDS), "the wake reports one waiter woken");
            assertEquals(Map.of(1L, 0), Loopback.collect(ring, 1), "the wait completes with res 0");
            assertEquals(1, word.get());
            waker.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    @Test
    void theSameRingCanWakeItsOwnWaiter() {
        try (Arena arena = Arena.ofConfined(); Ring ring = Ring.open(8)) {
            FutexWord word = FutexWord.allocate(arena);
            word.prepareWait(ring.nextSqe(), 0).userData(1);
            ring.submit();
            assertTrue(word.compareAndSet(0, 7));
            word.prepareWake(ring.nextSqe(), Integer.MAX_VALUE).userData(2);
            ring.submit();
            assertEquals(Map.of(1L, 0, 2L, 1), Loopback.collect(ring, 2), "the wait ends (0) and the wake counts it (1)");
        }
    }

    @Test
    void aWaitOnAChangedWordFailsAtOnceWithEagain() {
        try (Arena arena = Arena.ofConfined(); Ring ring = Ring.open(8)) {
            FutexWord word = FutexWord.allocate(arena);
            word.set(5);
            word.prepareWait(ring.nextSqe(), 0).userData(1);
            ring.submit();
            Loopback.await(ring);
            assertEquals(Errno.EAGAIN, ring.peek().errno());
            ring.seen();
            word.prepareWake(ring.nextSqe(), 1).userData(2);
            assertEquals(0, Loopback.complete(ring, 2, "wake with nobody waiting"), "nobody to wake");
        }
    }

    @Test
    void waitvEndsWithTheIndexOfTheWokenWord() {
        try (Arena arena = Arena.ofConfined(); Ring ring = Ring.open(8)) {
            FutexWord inbox = FutexWord.allocate(arena);
            FutexWord shutdown = FutexWord.allocate(arena);
            FutexVector any = FutexVector.allocate(arena, 2).set(0, inbox, 0).set(1, shutdown, 0);
            any.prepareWait(ring.nextSqe()).userData(1);
            ring.submit();
            assertEquals(-Errno.ETIME.value(), ring.waitFor(1, SHORT_NANOS), "parked on both words");
            shutdown.set(1);
            shutdown.prepareWake(ring.nextSqe(), 1).userData(2);
            ring.submit();
            Map<Long, Integer> got = Loopback.collect(ring, 2);
            assertEquals(1, got.get(2L), "one waiter woken");
            assertEquals(1, got.get(1L), "res names entry 1");
            assertSame(shutdown, any.woken(got.get(1L)));
            assertThrows(IllegalArgumentException.class, () -> any.woken(-Errno.EAGAIN.value()));
        }
    }

    @Test
    void wordsAndVectorsCheckTheirArguments() {
        try (Arena arena = Arena.ofConfined(); Ring ring = Ring.open(4)) {
            MemorySegment block = arena.allocate(16, 8);
            assertThrows(IllegalArgumentException.class, () -> FutexWord.over(block.asSlice(2, 4), true), "misaligned");
            assertThrows(IllegalArgumentException.class, () -> FutexWord.over(block.asSlice(0, 2), true), "too small");
            FutexWord shared = FutexWord.over(block.asSlice(4, 4), false);
            assertEquals(Futex2Flags.SIZE_U32, shared.flags(), "a shared word is not PRIVATE");
            assertThrows(IllegalArgumentException.class, () -> shared.prepareWake(ring.nextSqe(), 0));
            assertThrows(IllegalArgumentException.class, () -> FutexVector.allocate(arena, 0));
            assertThrows(IllegalArgumentException.class, () -> FutexVector.allocate(arena, Futex2Flags.WAITV_MAX + 1));
            FutexVector half = FutexVector.allocate(arena, 2).set(0, shared, 0);
            assertThrows(IllegalStateException.class, () -> half.prepareWait(ring.nextSqe()), "entry 1 never set");
            Arena shortLived = Arena.ofConfined();
            FutexVector dead = FutexVector.allocate(arena, 1).set(0, FutexWord.allocate(shortLived), 0);
            shortLived.close();
            assertThrows(IllegalStateException.class, () -> dead.prepareWait(ring.nextSqe()), "the word's arena is closed");
        }
    }
}
