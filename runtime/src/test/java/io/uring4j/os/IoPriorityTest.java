package io.uring4j.os;

import io.uring4j.Ring;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.IoPrioClass;
import io.uring4j.snippets.IoPrioritySnippets;
import io.uring4j.testsupport.Libc;
import io.uring4j.testsupport.SingleCompletion;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static io.uring4j.testsupport.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** I/O priority values: built as the kernel reads them, refused by name when out of range, accepted by READ. */
class IoPriorityTest {
    @TempDir
    Path dir;

    @Test
    void valuesPackClassAboveLevel() {
        assertEquals((2 << 13) | 4, IoPriority.of(IoPrioClass.BE, 4));
        assertEquals(1 << 13, IoPriority.of(IoPrioClass.RT, 0));
        assertEquals(3 << 13, IoPriority.of(IoPrioClass.IDLE, 0));
        int v = IoPriority.of(IoPrioClass.RT, 7);
        assertEquals(IoPrioClass.RT, IoPriority.ioClass(v));
        assertEquals(7, IoPriority.level(v));
    }

    @Test
    void outOfRangeIsRefusedByName() {
        assertMessage(assertThrows(IllegalArgumentException.class, () -> IoPriority.of(4, 0)), "ioClass must be");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> IoPriority.of(IoPrioClass.BE, 8)),
                "level must be 0 to 7 for class BE, was 8");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> IoPriority.of(IoPrioClass.IDLE, 1)),
                "level must be 0 to 0 for class IDLE");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> IoPriority.of(IoPrioClass.BE, -1)),
                "level must be");
    }

    @Test
    void readWithBestEffortPriorityReadsTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "prioritised bytes");
        try (Ring ring = Ring.open(4); Arena arena = Arena.ofConfined()) {
            int fd = Libc.open(arena.allocateFrom(file.toString()), 0, 0);
            try {
                MemorySegment buf = arena.allocate(64);
                assertEquals(17, IoPrioritySnippets.readBestEffort(ring, fd, buf));
                assertEquals("prioritised bytes", new String(buf.asSlice(0, 17).toArray(ValueLayout.JAVA_BYTE),
                        StandardCharsets.US_ASCII));
            } finally {
                Libc.close(fd);
            }
        }
    }

    @Test
    void kernelRefusesAnInvalidClassThatBypassesTheHelper() throws Exception {
        // The raw int parameter is not checked by the prep (any 16-bit value is legal there); the kernel's
        // ioprio_check_cap answers EINVAL for class 7, which this test pins down.
        Path file = Files.writeString(dir.resolve("g"), "x");
        try (Ring ring = Ring.open(4); Arena arena = Arena.ofConfined()) {
            int fd = Libc.open(arena.allocateFrom(file.toString()), 0, 0);
            try {
                ring.nextSqe().read(fd, arena.allocate(8), 0, 0, 7 << 13).userData(9);
                ring.submit();
                assertEquals(-Errno.EINVAL.value(), SingleCompletion.res(ring, 9));
            } finally {
                Libc.close(fd);
            }
        }
    }
}
