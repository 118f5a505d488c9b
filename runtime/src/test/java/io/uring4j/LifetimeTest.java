package io.uring4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.kernel.Errno;
import io.uring4j.testsupport.NativeFds;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Issue 10's lifetime scenarios: memory given to a request stays alive until its final completion
 * (held references, IoArena's deferred close), and a caller arena closed under a request is
 * reported. Buffers sit between canary bytes, checked after the kernel wrote.
 */
class LifetimeTest {
    private static final int CANARY = 64;
    private static final byte MARK = (byte) 0xA5;
    private static final long WAIT = 5_000_000_000L;

    /** canary | buffer | canary, the canaries filled with {@link #MARK}. */
    private static MemorySegment guarded(Arena arena, int size) {
        MemorySegment block = arena.allocate(CANARY + size + CANARY);
        block.fill(MARK);
        block.asSlice(CANARY, size).fill((byte) 0);
        return block;
    }

    private static void assertCanaries(MemorySegment block, int size) {
        for (int i = 0; i < CANARY; i++) {
            assertEquals(MARK, block.get(ValueLayout.JAVA_BYTE, i), "canary before the buffer, byte " + i);
            assertEquals(MARK, block.get(ValueLayout.JAVA_BYTE, CANARY + size + i), "canary after the buffer, byte " + i);
        }
    }

    private static String text(MemorySegment s, int n) {
        return new String(s.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }

    private static Cqe next(Ring ring) {
        assertTrue(ring.waitFor(1, WAIT) > 0, "a completion within 5 s");
        return ring.peek();
    }

    @Test
    void callerArenaClosedUnderAReadIsReportedLoudly() {
        int[] pipe = NativeFds.pipe();
        try (Ring ring = Ring.open(8)) {
            // Larger than glibc's largest mmap threshold: freeing unmaps it, so the late write
            // faults (EFAULT) instead of corrupting the test JVM's heap.
            Arena arena = Arena.ofConfined();
            MemorySegment buf = arena.allocate(64L << 20);
            ring.nextSqe().read(pipe[0], buf).userData(41);
            ring.submit();
            assertEquals(1, ring.heldRequests());
            arena.close();
            NativeFds.write(pipe[1], "late");
            Cqe c = next(ring);
            assertEquals(41, c.userData());
            assertTrue(c.lifetimeViolated(), "the completion says its memory was freed under the kernel");
            LifetimeViolationException e = assertThrows(LifetimeViolationException.class, c::checkLifetime);
            assertEquals(41, e.userData());
            assertTrue(e.getMessage().contains("0x29"), e.getMessage());
            assertTrue(c.res() == -Errno.EFAULT.value() || c.res() == 4, "res " + c.res());
            ring.seen();
            assertEquals(1, ring.lifetimeViolations());
            assertEquals(0, ring.heldRequests());

            // The next completion is clean: the flag belongs to one completion only.
            ring.nextSqe().nop().userData(42);
            ring.submitAndWait(1);
            assertFalse(ring.peek().lifetimeViolated());
            ring.seen();
            assertEquals(1, ring.lifetimeViolations());
        } finally {
            NativeFds.close(pipe);
        }
    }

    @Test
    void submitAndCheckThrowsTheTypedException() {
        int[] pipe = NativeFds.pipe();
        try (Ring ring = Ring.open(8)) {
            Arena arena = Arena.ofConfined();
            MemorySegment buf = arena.allocate(64L << 20);
            Sqe read = ring.nextSqe().read(pipe[0], buf);
            arena.close(); // the mistake: the pipe is still empty, the read not even submitted
            NativeFds.write(pipe[1], "x");
            assertThrows(LifetimeViolationException.class, () -> ring.submitAndCheck(read));
            assertEquals(1, ring.lifetimeViolations());
        } finally {
            NativeFds.close(pipe);
        }
    }

    @Test
    void repeatedViolationsAreLoggedTheFirstTenThenAtPowersOfTwo() {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.uring4j.lifetime");
        java.util.List<String> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                records.add(r.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        log.addHandler(handler);
        int[] pipe = NativeFds.pipe();
        try (Ring ring = Ring.open(8)) {
            for (int i = 1; i <= 40; i++) {
                Arena arena = Arena.ofConfined();
                Sqe write = ring.nextSqe().write(pipe[1], arena.allocate(1)); // 1 byte: the kernel only reads it
                arena.close();
                assertThrows(LifetimeViolationException.class, () -> ring.submitAndCheck(write));
            }
            assertEquals(40, ring.lifetimeViolations());
            // 1..10, 16, 32: twelve records, the last one saying how many so far.
            assertEquals(12, records.size(), String.join("\n", records));
            assertTrue(records.get(11).contains("32 such completions on this ring so far"), records.get(11));
        } finally {
            log.removeHandler(handler);
            NativeFds.close(pipe);
        }
    }

    @Test
    void ioArenaCloseWaitsForTheRequestsUsingIt() {
        int[] first = NativeFds.pipe();
        int[] second = NativeFds.pipe();
        try (Ring ring = Ring.open(8)) {
            IoArena arena = IoArena.open();
            MemorySegment block = guarded(arena, 64);
            MemorySegment buf = block.asSlice(CANARY, 64);
            ring.nextSqe().read(first[0], buf).userData(1);
            ring.nextSqe().read(second[0], buf).userData(2); // a second request holding the same memory
            ring.submit();
            assertEquals(2, arena.leases());
            arena.close();
            assertTrue(arena.isClosing());
            assertTrue(block.scope().isAlive(), "closed while requests hold it: the memory stays");

            NativeFds.write(first[1], "hello uring");
            Cqe c = next(ring);
            assertEquals(1, c.userData());
            assertEquals(11, c.res());
            assertFalse(c.lifetimeViolated());
            ring.seen();
            assertTrue(block.scope().isAlive(), "request 2 still holds it");
            assertEquals("hello uring", text(buf, 11));
            assertCanaries(block, 64);

            NativeFds.write(second[1], "bye");
            c = next(ring);
            assertEquals(2, c.userData());
            assertEquals(3, c.res());
            ring.seen();
            assertFalse(block.scope().isAlive(), "freed once the last request using it completed");
            assertEquals(0, arena.leases());
            assertEquals(0, ring.lifetimeViolations());
        } finally {
            NativeFds.close(first);
            NativeFds.close(second);
        }
    }

    @Test
    void ringCloseCancelsThenFreesAClosedIoArena() {
        int[] pipe = NativeFds.pipe();
        IoArena arena = IoArena.open();
        MemorySegment buf = arena.allocate(64);
        try (Ring ring = Ring.open(8)) {
            ring.nextSqe().read(pipe[0], buf).userData(1);
            ring.submit();
            arena.close();
            assertTrue(buf.scope().isAlive());
        }
        assertFalse(buf.scope().isAlive(), "the ring cancelled the read, reaped it and let the arena go");
        NativeFds.close(pipe);
    }

    @Test
    void providedBuffersStayAliveAfterTheirCompletionUntilTheRingCloses() {
        int[] pipe = NativeFds.pipe();
        IoArena arena = IoArena.open();
        MemorySegment block = guarded(arena, 2 * 32);
        MemorySegment buffers = block.asSlice(CANARY, 2 * 32);
        try (Ring ring = Ring.open(8)) {
            ring.submitAndCheck(ring.nextSqe().provideBuffers(buffers, 32, 2, 7), "provide");
            assertEquals(0, ring.heldRequests(), "the PROVIDE_BUFFERS request itself has completed");
            assertEquals(1, ring.groups.providedHeld());
            // The old bug: the caller frees the memory after the completion; the group still names it.
            arena.close();
            assertTrue(block.scope().isAlive(), "the ring still holds provided memory");
            ring.nextSqe().readBufferSelect(pipe[0], 7).userData(3);
            ring.submit();
            NativeFds.write(pipe[1], "selected");
            Cqe c = next(ring);
            assertEquals(8, c.res());
            assertTrue(c.isBuffer());
            int bid = c.bufferId();
            ring.seen();
            assertEquals("selected", text(buffers.asSlice(bid * 32L, 32), 8));
            assertCanaries(block, 64);
            assertEquals(0, ring.lifetimeViolations());
        } finally {
            NativeFds.close(pipe);
        }
        assertFalse(block.scope().isAlive(), "freed when the ring (and with it the group) closed");
    }

    @Test
    void autoArenaSegmentIsNotCollectedWhileTheKernelMayWriteIt() throws Exception {
        int[] pipe = NativeFds.pipe();
        try (Ring ring = Ring.open(8)) {
            WeakReference<MemorySegment.Scope> held;
            WeakReference<MemorySegment.Scope> control;
            long address;
            {
                MemorySegment block = guarded(Arena.ofAuto(), 64);
                address = block.address();
                ring.nextSqe().read(pipe[0], block.asSlice(CANARY, 64)).userData(7);
                ring.submit();
                held = new WeakReference<>(block.scope());
                control = new WeakReference<>(Arena.ofAuto().allocate(64).scope());
            }
            for (int i = 0; i < 50 && control.get() != null; i++) {
                System.gc();
                Thread.sleep(10);
            }
            assertNull(control.get(), "the collector frees an auto segment nobody holds (the loop works)");
            for (int i = 0; i < 5; i++) {
                System.gc();
                Thread.sleep(10);
            }
            MemorySegment.Scope keep = held.get();
            assertNotNull(keep, "the ring holds the segment of its in-flight read");
            NativeFds.write(pipe[1], "still here");
            Cqe c = next(ring);
            assertEquals(10, c.res());
            assertFalse(c.lifetimeViolated());
            ring.seen();
            // keep (strongly reachable to the end) keeps the memory alive while the test reads it.
            MemorySegment block = MemorySegment.ofAddress(address).reinterpret(CANARY + 64 + CANARY);
            assertEquals("still here", text(block.asSlice(CANARY), 10));
            assertCanaries(block, 64);
            Reference.reachabilityFence(keep);
        } finally {
            NativeFds.close(pipe);
        }
    }

    @Test
    void anInFlightReadvHoldsItsIoVecsAndTheirAutoSegments() throws Exception {
        int[] pipe = NativeFds.pipe();
        try (Ring ring = Ring.open(8)) {
            WeakReference<MemorySegment.Scope> held;
            WeakReference<IoVecs> holder;
            {
                MemorySegment target = Arena.ofAuto().allocate(64);
                IoVecs iov = IoVecs.of(Arena.ofAuto(), target);
                ring.nextSqe().readv(pipe[0], iov).userData(8);
                ring.submit();
                held = new WeakReference<>(target.scope());
                holder = new WeakReference<>(iov);
            }
            for (int i = 0; i < 20; i++) {
                System.gc();
                Thread.sleep(10);
            }
            assertNotNull(holder.get(), "the ring holds the IoVecs of its in-flight readv");
            assertNotNull(held.get(), "and through it the segment its entry names");
            assertEquals(1, ring.heldRequests());
            NativeFds.write(pipe[1], "vectored");
            Cqe c = next(ring);
            assertEquals(8, c.res());
            assertFalse(c.lifetimeViolated());
            ring.seen();
            assertEquals(0, ring.heldRequests(), "the final completion releases the holder");
        } finally {
            NativeFds.close(pipe);
        }
    }

    @Test
    void nopsHoldNothingAndFinalCompletionsReleaseEverything() {
        try (Ring ring = Ring.open(8); Arena arena = Arena.ofConfined()) {
            ring.nextSqe().nop().userData(1);
            ring.submit();
            assertEquals(0, ring.heldRequests());
            ring.waitFor(1);
            ring.advance(1);
            MemorySegment buf = arena.allocate(8);
            // Two requests with one user_data: both stay held until both have completed.
            ring.nextSqe().write(-1, buf).userData(5);
            ring.nextSqe().write(-1, buf).userData(5);
            ring.submit();
            assertEquals(2, ring.heldRequests());
            ring.waitFor(2);
            assertEquals(-Errno.EBADF.value(), ring.peek().res());
            ring.seen();
            assertEquals(2, ring.heldRequests(), "one of two completions for user_data 5 keeps both held");
            assertEquals(1, ring.drain(x -> { }));
            assertEquals(0, ring.heldRequests());
        }
    }
}
