package io.uring4j.snippets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.uring4j.Ring;
import io.uring4j.UringException;
import io.uring4j.kernel.Errno;
import io.uring4j.testsupport.NativeFds;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The Javadoc examples run against the kernel and do what their text says. */
class SnippetsTest {
    @TempDir
    Path dir;

    @Test
    void submitAndCheckReadsTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "hello uring");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(64);
            int fd = fdOf(file);
            try {
                int n = Snippets.readOnce(fd, buf);
                assertEquals(11, n);
                assertEquals("hello uring", new String(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8));
                UringException bad = assertThrows(UringException.class, () -> Snippets.readOnce(Integer.MAX_VALUE, buf));
                assertEquals(Errno.EBADF, bad.errno());
            } finally {
                NativeFds.close(fd);
            }
        }
    }

    @Test
    void timedWaitReturnsTheSubmittedCount() {
        try (Ring ring = Ring.open(4)) {
            assertEquals(1, Snippets.waitWithDeadline(ring));
            assertEquals(1, ring.cqReady());
        }
    }

    @Test
    void contextPoolRoutesTheCompletionToItsHandler() throws Exception {
        Path file = Files.writeString(dir.resolve("g"), "abc");
        int fd = fdOf(file);
        try (Ring ring = Ring.open(4); Arena arena = Arena.ofConfined()) {
            long[] seen = new long[2];
            int inUse = Snippets.pooledRead(ring, fd, arena.allocate(16), 42, (id, res) -> {
                seen[0] = id;
                seen[1] = res;
            });
            assertEquals(42, seen[0]);
            assertEquals(3, seen[1]);
            assertEquals(0, inUse, "the slot is released on the final completion");
        } finally {
            NativeFds.close(fd);
        }
    }

    @Test
    void directUserDataCarriesTheFd() throws Exception {
        Path file = Files.writeString(dir.resolve("h"), "xyz");
        int fd = fdOf(file);
        try (Ring ring = Ring.open(4); Arena arena = Arena.ofConfined()) {
            assertEquals(fd, Snippets.directUserData(ring, fd, arena.allocate(16)));
            assertEquals(0, ring.cqReady());
        } finally {
            NativeFds.close(fd);
        }
    }

    @Test
    void bufferRingReceivesIntoASelectedBuffer() {
        try (Ring ring = Ring.open(4); io.uring4j.testsupport.SocketPair s = io.uring4j.testsupport.SocketPair.open()) {
            s.send("ring");
            assertEquals("ring", Snippets.receiveIntoBufferRing(ring, s.local));
        }
    }

    private static int fdOf(Path file) {
        return NativeFds.open(file, 0, 0);
    }
}
