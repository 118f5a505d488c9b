package io.uring4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.testsupport.NativeFds;
import io.uring4j.testsupport.ProcessResources;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Issue 10: close() of a single-issuer ring from another thread while its owner has reads in flight.
 * The owner cancels and reaps (it is the only thread that may), or, when it stays away, the held
 * memory is kept until the owner thread has exited. Buffers sit in IoArenas closed right after
 * submission; memory allocated after the release is filled with canary bytes and checked after
 * the pipe is written.
 */
class OwnerCloseTest {
    private static final byte MARK = (byte) 0x3C;
    private static final int CANARY = 64;

    /** One round's memory: canary | buffer | canary in an IoArena the owner closes after submitting. */
    private record Held(MemorySegment block, int[] pipe) {}

    private static void assertMarked(MemorySegment s, String what) {
        for (long i = 0; i < s.byteSize(); i++) {
            assertEquals(MARK, s.get(ValueLayout.JAVA_BYTE, i), what + ", byte " + i);
        }
    }

    /** On the owner: opens a ring, submits a read from an empty pipe, closes the buffer's IoArena. */
    private static Held submitRead(Ring ring) {
        int[] pipe = NativeFds.pipe();
        IoArena arena = IoArena.open();
        MemorySegment block = arena.allocate(CANARY + 64 + CANARY);
        block.fill(MARK);
        ring.nextSqe().read(pipe[0], block.asSlice(CANARY, 64), 0).userData(1);
        ring.submit();
        arena.close(); // deferred: the read holds it
        return new Held(block, pipe);
    }

    @Test
    void closeFromAnotherThreadWhileTheOwnerWaitsCancelsThroughTheOwner() throws Exception {
        int rounds = ProcessResources.stress() ? 2_000 : 300;
        ExecutorService owner = Executors.newSingleThreadExecutor();
        try {
            round(owner); // warm-up
            long fds = ProcessResources.fds();
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                round(owner);
            }
            long fdsAfter = ProcessResources.fds();
            System.out.printf("close from another thread while the owner waits with a read in flight: %d rounds in %.1f s,"
                    + " fds %d -> %d, quarantined %d%n", rounds, (System.nanoTime() - start) / 1e9, fds, fdsAfter,
                    CloseQuarantine.size());
            assertEquals(fds, fdsAfter, "fds leaked over " + rounds + " rounds");
            assertEquals(0, CloseQuarantine.size(), "the owner reaped every round: nothing quarantined");
        } finally {
            owner.shutdownNow();
        }
    }

    private static void round(ExecutorService ownerThread) throws Exception {
        CountDownLatch submitted = new CountDownLatch(1);
        AtomicReference<Ring> ringRef = new AtomicReference<>();
        AtomicReference<Held> heldRef = new AtomicReference<>();
        Future<Throwable> waiter = ownerThread.submit(() -> {
            Ring ring = Ring.open(4);
            ringRef.set(ring);
            heldRef.set(submitRead(ring));
            submitted.countDown();
            try {
                ring.waitFor(1);
                return new AssertionError("waitFor returned on a closed ring");
            } catch (RingClosedException expected) {
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        assertTrue(submitted.await(5, TimeUnit.SECONDS));
        ringRef.get().close();
        assertNull(waiter.get(5, TimeUnit.SECONDS));
        Held held = heldRef.get();
        assertFalse(held.block().scope().isAlive(), "the owner cancelled and reaped the read: its arena is freed");
        try (Arena fresh = Arena.ofConfined()) {
            MemorySegment canary = fresh.allocate(CANARY + 64 + CANARY);
            canary.fill(MARK);
            NativeFds.write(held.pipe()[1], "after close");
            Thread.sleep(1); // a read still armed would have written by now
            assertMarked(canary, "memory allocated after the release");
        }
        NativeFds.close(held.pipe());
    }

    @Test
    void ownerAwayFromTheRingKeepsTheMemoryUntilItExits() throws Exception {
        long fds = ProcessResources.fds();
        CountDownLatch submitted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Ring> ringRef = new AtomicReference<>();
        AtomicReference<Held> heldRef = new AtomicReference<>();
        Thread owner = Thread.ofPlatform().start(() -> {
            Ring ring = Ring.open(4);
            ringRef.set(ring);
            heldRef.set(submitRead(ring));
            submitted.countDown();
            try {
                release.await(); // busy elsewhere: never back in the ring
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertThrows(RingClosedException.class, ring::submit);
        });
        assertTrue(submitted.await(5, TimeUnit.SECONDS));
        Ring ring = ringRef.get();
        int quarantined = CloseQuarantine.size();
        long start = System.nanoTime();
        ring.close();
        long took = System.nanoTime() - start;
        Held held = heldRef.get();
        assertTrue(ring.isClosed());
        assertTrue(took >= OwnerHandoff.CLAIM_NANOS, "close waited for the owner first");
        assertEquals(quarantined + 1, CloseQuarantine.size());
        assertTrue(held.block().scope().isAlive(), "the read may still run: its memory is kept");
        NativeFds.write(held.pipe()[1], "late");
        assertMarked(held.block().asSlice(0, CANARY), "canary before the buffer");
        assertMarked(held.block().asSlice(CANARY + 64, CANARY), "canary after the buffer");
        release.countDown();
        owner.join();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (held.block().scope().isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertFalse(held.block().scope().isAlive(), "released once the owner thread had exited");
        assertEquals(quarantined, CloseQuarantine.size());
        NativeFds.close(held.pipe());
        assertEquals(fds, ProcessResources.fds(), "the ring fd was closed by close()");
    }

    @Test
    void cqeViewReadAfterCloseNamesWhatWasRead() {
        Ring ring = Ring.open(4);
        ring.nextSqe().nop().userData(3);
        ring.submitAndWait(1);
        Cqe cqe = ring.peek();
        assertEquals(3, cqe.userData());
        ring.close();
        RingClosedException e = assertThrows(RingClosedException.class, cqe::res);
        assertTrue(e.getMessage().contains("Cqe.res()"), e.getMessage());
        e = assertThrows(RingClosedException.class, cqe::userData);
        assertTrue(e.getMessage().contains("Cqe.userData()"), e.getMessage());
        assertThrows(RingClosedException.class, cqe::isMore);
    }
}
