package io.uring4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.testsupport.NativeFds;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link Sqe#untrackedUnchecked()}: the entry's segments skip the in-flight table (the caller keeps
 * them alive), the request itself works as before, and entries the ring must track are refused.
 */
class UntrackedUncheckedTest {
    private static final long WAIT = 5_000_000_000L;

    @Test
    void anUntrackedReadIsNotHeldAndStillReadsItsBytes() {
        int[] pipe = NativeFds.pipe();
        try (Ring ring = Ring.open(8); Arena arena = Arena.ofConfined()) {
            MemorySegment tracked = arena.allocate(16);
            MemorySegment untracked = arena.allocate(16);
            ring.nextSqe().read(pipe[0], tracked).userData(1);
            ring.nextSqe().read(pipe[0], untracked).userData(2).untrackedUnchecked();
            ring.submit();
            assertEquals(1, ring.heldRequests(), "only the tracked read is in the in-flight table");

            boolean[] done = new boolean[3];
            for (String text : new String[] {"first", "second"}) {
                NativeFds.write(pipe[1], text); // one write at a time: each completes one read
                assertTrue(ring.waitFor(1, WAIT) > 0, "a completion within 5 s");
                Cqe c = ring.peek();
                int id = (int) c.userData();
                assertEquals(text.length(), c.res());
                MemorySegment into = id == 1 ? tracked : untracked;
                assertEquals(text, new String(into.asSlice(0, c.res()).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8));
                assertFalse(c.lifetimeViolated());
                assertFalse(done[id], "one completion per read");
                done[id] = true;
                ring.seen();
            }
            assertEquals(0, ring.heldRequests());
            assertEquals(0, ring.lifetimeViolations());
        } finally {
            NativeFds.close(pipe[0]);
            NativeFds.close(pipe[1]);
        }
    }

    @Test
    void refusedBeforeThePrepAfterTheHandOffAndForTypedHolders() {
        try (Ring ring = Ring.open(8); Arena arena = Arena.ofConfined()) {
            Sqe fresh = ring.nextSqe();
            IllegalStateException early = assertThrows(IllegalStateException.class, fresh::untrackedUnchecked);
            assertTrue(early.getMessage().contains("untrackedUnchecked()"), early.getMessage());

            Sqe typed = ring.nextSqe().readv(0, IoVecs.of(arena, arena.allocate(8)), 0);
            IllegalStateException holder = assertThrows(IllegalStateException.class, typed::untrackedUnchecked);
            assertTrue(holder.getMessage().contains("IoVecs"), holder.getMessage());

            Sqe nop = ring.nextSqe().nop().userData(7).untrackedUnchecked(); // nothing held: a no-op
            ring.submit();
            assertThrows(IllegalStateException.class, nop::untrackedUnchecked, "handed to the ring");
        }
    }
}
