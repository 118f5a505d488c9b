package io.uring4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.kernel.Opcode;
import io.uring4j.kernel.flags.SqeFlags;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/**
 * The fluent chain on {@link Sqe} works in one order only: a prep method, then the setters that
 * complete the entry. The other orders would lose data silently, so they throw.
 */
class SqeOrderTest {
    @Test
    void setterBeforePrepIsRefusedNotWiped() {
        try (Arena arena = Arena.ofConfined()) {
            Sqe sqe = Sqe.over(arena.allocate(Sqe.SIZE));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> sqe.userData(7));
            assertTrue(e.getMessage().contains("userData"), e.getMessage());
            assertThrows(IllegalStateException.class, sqe::fixedFile);
        }
    }

    @Test
    void secondPrepOnOneEntryIsRefused() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment entry = arena.allocate(Sqe.SIZE);
            Sqe sqe = Sqe.over(entry);
            sqe.nop().userData(7);
            assertThrows(IllegalStateException.class, () -> sqe.read(3, arena.allocate(16)));
            assertEquals(Opcode.NOP.value(), entry.get(ValueLayout.JAVA_BYTE, 0), "the first request stays");
            assertEquals(7L, entry.get(ValueLayout.JAVA_LONG_UNALIGNED, 32));
        }
    }

    @Test
    void fixedFileSetsTheFlagNextToOthers() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment entry = arena.allocate(Sqe.SIZE);
            Sqe.over(entry).read(0, arena.allocate(16)).flags(SqeFlags.IO_LINK).fixedFile();
            assertEquals(SqeFlags.IO_LINK | SqeFlags.FIXED_FILE, entry.get(ValueLayout.JAVA_BYTE, 1));
        }
    }

    @Test
    void readAtAnOffsetIsTheFullFormWithDefaultFlags() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(64);
            MemorySegment shortForm = arena.allocate(Sqe.SIZE);
            MemorySegment fullForm = arena.allocate(Sqe.SIZE);
            Sqe.over(shortForm).read(5, buf, 4096);
            Sqe.over(fullForm).read(5, buf, 4096, 0, 0);
            assertArrayEquals(fullForm.toArray(ValueLayout.JAVA_BYTE), shortForm.toArray(ValueLayout.JAVA_BYTE));
        }
    }
}
