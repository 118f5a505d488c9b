package io.uring4j.os;

import io.uring4j.Ring;
import io.uring4j.internal.LibcCalls;
import io.uring4j.kernel.flags.OpenFlags;
import io.uring4j.kernel.flags.SqeFlags;
import io.uring4j.register.FileTable;
import io.uring4j.testsupport.Loopback;
import io.uring4j.testsupport.TestSupport;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


/** PIPE (plain and direct) through {@link PipeFds}. */
class PipeTest {
    /** The open flags of {@code fd} as /proc reports them (octal in fdinfo). */
    private static int openFlags(int fd) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd))) {
            if (line.startsWith("flags:")) {
                return Integer.parseInt(line.substring("flags:".length()).trim(), 8);
            }
        }
        throw new AssertionError("no flags line in fdinfo of " + fd);
    }

    @Test
    void pipeMakesTwoWorkingDescriptors() throws IOException {
        try (Arena arena = Arena.ofConfined(); Ring ring = Ring.open(8)) {
            PipeFds pipe = PipeFds.allocate(arena);
            assertEquals(-1, pipe.readEnd(), "unset before the request");
            ring.nextSqe().pipe(pipe.segment(), OpenFlags.CLOEXEC).userData(1);
            assertEquals(0, Loopback.complete(ring, 1, "pipe"));
            try {
                assertTrue(pipe.readEnd() >= 0 && pipe.writeEnd() >= 0, pipe.toString());
                assertNotEquals(pipe.readEnd(), pipe.writeEnd());
                assertEquals(OpenFlags.CLOEXEC, openFlags(pipe.readEnd()) & OpenFlags.CLOEXEC, "CLOEXEC reached the fd");
                assertEquals(OpenFlags.WRONLY, openFlags(pipe.writeEnd()) & OpenFlags.ACCMODE, "index 1 is the write end");

                MemorySegment ping = arena.allocateFrom("ping");
                ring.nextSqe().write(pipe.writeEnd(), ping).userData(2);
                assertEquals(5, Loopback.complete(ring, 2, "write"));
                MemorySegment in = arena.allocate(16);
                ring.nextSqe().read(pipe.readEnd(), in).userData(3);
                assertEquals(5, Loopback.complete(ring, 3, "read"));
                assertEquals("ping", in.getString(0));
            } finally {
                LibcCalls.close(pipe.readEnd());
                LibcCalls.close(pipe.writeEnd());
            }
        }
    }

    @Test
    void pipeDirectPutsBothEndsInRegisteredSlots() {
        try (Arena arena = Arena.ofConfined(); Ring ring = Ring.open(8)) {
            FileTable.sparse(ring, 8);
            long fdsBefore = TestSupport.openFds();
            PipeFds pipe = PipeFds.allocate(arena);
            ring.nextSqe().pipeDirect(pipe.segment(), 2).userData(1);
            assertEquals(0, Loopback.complete(ring, 1, "pipe direct"));
            assertEquals(2, pipe.readEnd(), "the read end takes the named slot");
            assertEquals(3, pipe.writeEnd(), "the write end the next one");
            assertEquals(fdsBefore, TestSupport.openFds(), "no normal descriptor was made");

            MemorySegment pong = arena.allocateFrom("pong");
            ring.nextSqe().write(pipe.writeEnd(), pong).flags(SqeFlags.FIXED_FILE).userData(2);
            assertEquals(5, Loopback.complete(ring, 2, "write via slot"));
            MemorySegment in = arena.allocate(16);
            ring.nextSqe().read(pipe.readEnd(), in).flags(SqeFlags.FIXED_FILE).userData(3);
            assertEquals(5, Loopback.complete(ring, 3, "read via slot"));
            assertEquals("pong", in.getString(0));

            pipe.reset();
            ring.nextSqe().pipeDirect(pipe.segment(), -1).userData(4);
            assertEquals(0, Loopback.complete(ring, 4, "pipe direct, any slots"));
            assertTrue(pipe.readEnd() >= 0 && pipe.readEnd() < 8 && pipe.writeEnd() >= 0 && pipe.writeEnd() < 8,
                    "the kernel picked two free slots: " + pipe);
            assertTrue(pipe.readEnd() != 2 && pipe.readEnd() != 3 && pipe.writeEnd() != 2 && pipe.writeEnd() != 3,
                    "not the slots in use: " + pipe);
        }
    }
}
