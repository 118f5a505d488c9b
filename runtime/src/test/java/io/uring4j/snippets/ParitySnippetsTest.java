package io.uring4j.snippets;

import io.uring4j.Ring;
import io.uring4j.testsupport.Libc;
import io.uring4j.testsupport.SocketPair;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parity examples run against the kernel. */
class ParitySnippetsTest {
    @Test
    void tcp4SocketIsADescriptor() {
        try (Ring ring = Ring.open(2)) {
            int fd = ParitySnippets.tcp4Socket(ring);
            assertTrue(fd >= 0);
            Libc.close(fd);
        }
    }

    @Test
    void registeredFanOutDeliversBothRoundsToEveryPeer() {
        try (Ring ring = Ring.open(8); SocketPair a = SocketPair.open(); SocketPair b = SocketPair.open();
                Arena arena = Arena.ofConfined()) {
            assertEquals(0, ParitySnippets.fanOutRegistered(ring, new int[] {a.local, b.local}, 100));
            for (SocketPair p : new SocketPair[] {a, b}) {
                MemorySegment in = arena.allocate(200);
                long got = 0;
                while (got < 200) {
                    long r = Libc.read(p.peer, in.asSlice(got));
                    assertTrue(r > 0, "read returned " + r);
                    got += r;
                }
                for (int i = 0; i < 200; i++) {
                    assertEquals(i < 100 ? 0 : 1, in.get(ValueLayout.JAVA_BYTE, i), "byte " + i);
                }
            }
        }
    }
}
