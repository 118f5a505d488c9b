package io.uring4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.NopFlags;
import io.uring4j.testsupport.NativeFds;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ring.drainTo against the kernel: what is copied, what is released, and every refusal. */
class DrainToTest {
    @TempDir
    Path dir;

    /** Submits NOPs with user_data {@code from + i} completing with res {@code 3 * i - 5}, and waits for them. */
    private static void nops(Ring ring, long from, int n) {
        for (int i = 0; i < n; i++) {
            ring.nextSqe().nop(NopFlags.INJECT_RESULT, 3 * i - 5, -1, 0, 0, 0).userData(from + i);
        }
        assertEquals(n, ring.submitAndWait(n));
    }

    @Test
    void copiesUserDataResAndFlagsOldestFirstAndMarksThemSeen() {
        try (Ring ring = Ring.open(16)) {
            nops(ring, 100, 10);
            long[] userData = new long[16];
            int[] res = new int[16];
            int[] flags = new int[16];
            Arrays.fill(flags, -1);
            assertEquals(10, ring.drainTo(userData, res, flags));
            for (int i = 0; i < 10; i++) {
                assertEquals(100 + i, userData[i]);
                assertEquals(3 * i - 5, res[i]);
                assertEquals(0, flags[i]);
            }
            assertEquals(0, userData[10], "nothing written past the count");
            assertEquals(-1, flags[10]);
            assertEquals(0, ring.cqReady());
            assertEquals(0, ring.drainTo(userData, res, flags), "an empty CQ copies nothing");
        }
    }

    @Test
    void copiesAtMostTheArraysLengthAndLeavesTheRest() {
        try (Ring ring = Ring.open(16)) {
            nops(ring, 0, 10);
            long[] userData = new long[4];
            int[] res = new int[6]; // longer than userData is fine
            int[] flags = new int[4];
            assertEquals(4, ring.drainTo(userData, res, flags));
            assertArrayEquals(new long[] {0, 1, 2, 3}, userData);
            assertEquals(6, ring.cqReady());
            assertEquals(4, ring.drainTo(userData, res, flags));
            assertArrayEquals(new long[] {4, 5, 6, 7}, userData);
            assertEquals(2, ring.drainTo(userData, res, flags));
            assertEquals(8, userData[0]);
            assertEquals(9, userData[1]);
            assertEquals(3 * 9 - 5, res[1]);
        }
    }

    @Test
    void wrapsAroundTheCq() {
        try (Ring ring = Ring.open(RingOptions.builder().entries(4).cqEntries(8).build())) {
            long[] userData = new long[8];
            int[] res = new int[8];
            int[] flags = new int[8];
            for (int round = 0; round < 5; round++) { // 5 x 3 completions over 8 slots
                nops(ring, round * 10L, 3);
                assertEquals(3, ring.drainTo(userData, res, flags));
                assertArrayEquals(new long[] {round * 10L, round * 10L + 1, round * 10L + 2},
                        Arrays.copyOf(userData, 3));
            }
        }
    }

    @Test
    void aReadsFinalCompletionReleasesItsBuffer() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "hello");
        int fd = NativeFds.open(file, 0, 0);
        try (Ring ring = Ring.open(4); Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(16);
            ring.nextSqe().read(fd, buf).userData(42);
            ring.submitAndWait(1);
            assertEquals(1, ring.heldRequests());
            long[] userData = new long[2];
            int[] res = new int[2];
            int[] flags = new int[2];
            assertEquals(1, ring.drainTo(userData, res, flags));
            assertEquals(42, userData[0]);
            assertEquals(5, res[0]);
            assertEquals(0, ring.heldRequests(), "the buffer is no longer held");
            assertEquals(0, ring.lifetimeViolations());
        } finally {
            NativeFds.close(fd);
        }
    }

    @Test
    void anErrnoComesThroughAsANegativeRes() {
        try (Ring ring = Ring.open(4)) {
            ring.nextSqe().nop(NopFlags.INJECT_RESULT, -Errno.EINVAL.value(), -1, 0, 0, 0).userData(7);
            ring.submitAndWait(1);
            long[] userData = new long[1];
            int[] res = new int[1];
            int[] flags = new int[1];
            assertEquals(1, ring.drainTo(userData, res, flags));
            assertEquals(-Errno.EINVAL.value(), res[0]);
        }
    }

    @Test
    void badArraysAreRefusedByName() {
        try (Ring ring = Ring.open(4)) {
            nops(ring, 0, 1);
            long[] u = new long[4];
            int[] r = new int[4];
            int[] f = new int[4];
            assertMessage("userData must be a non-empty array; was null", () -> ring.drainTo(null, r, f));
            assertMessage("userData must be a non-empty array; was empty", () -> ring.drainTo(new long[0], r, f));
            assertMessage("res must hold at least userData.length (4) entries; was null", () -> ring.drainTo(u, null, f));
            assertMessage("res must hold at least userData.length (4) entries; was 3", () -> ring.drainTo(u, new int[3], f));
            assertMessage("flags must hold at least userData.length (4) entries; was 2", () -> ring.drainTo(u, r, new int[2]));
            assertEquals(1, ring.cqReady(), "a refused call reaps nothing");
        }
    }

    private static void assertMessage(String message, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertEquals(message, e.getMessage());
    }

    @Test
    void aMixedRingIsRefused() {
        try (Ring ring = Ring.open(RingOptions.builder().entries(4).cqeMixed().build())) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ring.drainTo(new long[1], new int[1], new int[1]));
            assertTrue(e.getMessage().contains("CQE_MIXED"), e.getMessage());
        }
    }

    @Test
    void notFromADrainHandlerAnotherThreadOrAfterClose() throws Exception {
        Ring ring = Ring.open(4);
        long[] u = new long[4];
        int[] r = new int[4];
        int[] f = new int[4];
        nops(ring, 0, 2);
        IllegalStateException inDrain = assertThrows(IllegalStateException.class,
                () -> ring.drain(c -> ring.drainTo(u, r, f)));
        assertTrue(inDrain.getMessage().contains("inside drain()"), inDrain.getMessage());
        AtomicReference<Throwable> other = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                ring.drainTo(u, r, f);
            } catch (Throwable e) {
                other.set(e);
            }
        });
        t.join();
        assertEquals(IllegalStateException.class, other.get().getClass());
        assertTrue(other.get().getMessage().startsWith("single-issuer ring"), other.get().getMessage());
        assertEquals(1, ring.drainTo(u, r, f), "the one the throwing handler did not count");
        ring.close();
        assertThrows(RingClosedException.class, () -> ring.drainTo(u, r, f));
    }
}
