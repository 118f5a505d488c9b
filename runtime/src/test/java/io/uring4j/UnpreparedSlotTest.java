package io.uring4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A slot whose prep method threw is taken back, never submitted with the bytes it held before. */
class UnpreparedSlotTest {
    @Test
    void refusedPrepDoesNotSubmitTheSlot() {
        try (Ring ring = Ring.open(8); Arena arena = Arena.ofConfined()) {
            // Leave a distinctive request in slot 0 first, so a replay would be visible.
            ring.nextSqe().nop().userData(111);
            ring.submitAndWait(1);
            ring.drain(cqe -> { });
            int before = ring.sqSpaceLeft();

            MemorySegment heap = MemorySegment.ofArray(new byte[64]);
            assertThrows(IllegalArgumentException.class, () -> ring.nextSqe().read(0, heap));
            ring.nextSqe().nop().userData(222);
            assertEquals(1, ring.submitAndWait(1), "only the prepared NOP goes to the kernel");
            List<Long> seen = new ArrayList<>();
            ring.drain(cqe -> seen.add(cqe.userData()));
            assertEquals(List.of(222L), seen);

            assertThrows(IllegalArgumentException.class, () -> ring.nextSqe().write(0, heap));
            assertEquals(0, ring.submit(), "a refused prep alone submits nothing");
            assertEquals(before, ring.sqSpaceLeft(), "the refused slot was given back");
            assertTrue(arena.scope().isAlive());
        }
    }
}
