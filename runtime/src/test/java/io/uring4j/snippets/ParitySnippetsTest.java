package io.uring4j.snippets;

import io.uring4j.Ring;
import io.uring4j.testsupport.Libc;
import org.junit.jupiter.api.Test;
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
}
