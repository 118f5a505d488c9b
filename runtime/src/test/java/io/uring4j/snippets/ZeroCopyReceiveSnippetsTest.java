package io.uring4j.snippets;

import io.uring4j.KernelVersion;
import io.uring4j.Ring;
import io.uring4j.RingOptions;
import io.uring4j.UringException;
import io.uring4j.kernel.Errno;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The zero-copy receive examples on this machine: the query's real answer; the receiver stops where loopback does. */
class ZeroCopyReceiveSnippetsTest {
    @Test
    void theQueryExampleSaysWhatTheKernelAnswered() {
        try (Ring ring = Ring.open(2)) {
            String text = ZeroCopyReceiveSnippets.describeZcrx(ring);
            if (KernelVersion.current().atLeast("6.19")) {
                assertTrue(text.startsWith("refill header "), text);
            } else {
                assertTrue(text.startsWith("IO_URING_QUERY_ZCRX needs Linux 6.19"), text);
                assertTrue(text.endsWith("answered EOPNOTSUPP"), text);
            }
        }
    }

    /** CAP_NET_ADMIN (capability 12) in this process's effective set. */
    private static boolean hasNetAdmin() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("CapEff:")) {
                return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & (1L << 12)) != 0;
            }
        }
        return false;
    }

    @Test
    void theReceiverExampleNeedsANicQueueWhichLoopbackIsNot() throws Exception {
        int lo = Integer.parseInt(Files.readString(Path.of("/sys/class/net/lo/ifindex")).strip());
        try (Ring ring = Ring.open(RingOptions.builder().entries(8).cqe32().build())) {
            var e = assertThrows(UringException.class,
                    () -> ZeroCopyReceiveSnippets.receive(ring, lo, 0, 0, bytes -> { }));
            // Without CAP_NET_ADMIN the kernel stops at the capability check; with it, at the device.
            assertEquals(hasNetAdmin() ? Errno.EOPNOTSUPP : Errno.EPERM, e.errno(), e.getMessage());
            assertTrue(e.getMessage().contains("header split"), e.getMessage());
        }
    }
}
