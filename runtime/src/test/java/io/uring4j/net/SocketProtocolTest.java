package io.uring4j.net;

import io.uring4j.Ring;
import io.uring4j.kernel.flags.SocketLevel;
import io.uring4j.kernel.flags.SocketOption;
import io.uring4j.kernel.flags.SocketType;
import io.uring4j.kernel.flags.SqeFlags;
import io.uring4j.register.FileTable;
import io.uring4j.testsupport.Libc;
import io.uring4j.testsupport.SingleCompletion;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One socket of every {@link SocketProtocol}, plain and registered, checked by asking the new
 * socket its domain, type and protocol. Whether the kernel offers a protocol is decided by the
 * plain socket(2) call beside it: the ring must agree, and a refusal is reported by name.
 */
class SocketProtocolTest {

    @Test
    void everyProtocolTheKernelOffersIsCreatedAndTheOthersAreNamed() {
        StringBuilder lacking = new StringBuilder();
        int offered = 0;
        try (Ring ring = Ring.open(8); FileTable table = FileTable.sparse(ring, SocketProtocol.values().length)) {
            for (SocketProtocol p : SocketProtocol.values()) {
                int viaLibc = Libc.socket(p.domain(), p.type() | SocketType.CLOEXEC, p.protocol());
                boolean kernelOffers = viaLibc >= 0;
                if (kernelOffers) {
                    Libc.close(viaLibc);
                }

                p.prepare(ring.nextSqe(), SocketType.CLOEXEC).userData(1);
                int fd = SingleCompletion.res(ring, 1);
                p.prepareDirect(ring.nextSqe(), p.ordinal(), SocketType.NONBLOCK).userData(2);
                int direct = SingleCompletion.res(ring, 2);

                if (!kernelOffers) {
                    assertTrue(SocketProtocol.isUnsupported(fd), p.describe(fd));
                    assertEquals(fd, direct, p + ": the registered variant fails the same way");
                    lacking.append(p.describe(fd)).append('\n');
                    continue;
                }
                offered++;
                assertTrue(fd >= 0, p.describe(fd));
                assertIdentity(p, fd);
                Libc.close(fd);

                assertEquals(0, direct, p + ": socket into slot " + p.ordinal());
                ring.nextSqe().fixedFdInstall(p.ordinal()).flags(SqeFlags.FIXED_FILE).userData(3);
                int installed = SingleCompletion.res(ring, 3);
                assertTrue(installed >= 0, p + ": the registered socket installs as a descriptor");
                assertIdentity(p, installed);
                Libc.close(installed);
            }
        }
        // TCP, UDP and Unix sockets are in every kernel this library supports.
        assertTrue(offered >= 7, "TCP/UDP over IPv4 and IPv6 and three Unix types at least; lacking:\n" + lacking);
        if (!lacking.isEmpty()) {
            System.out.println("SocketProtocolTest: this kernel lacks\n" + lacking);
        }
    }

    @Test
    void typeFlagsOutsideTheModifierBitsAreRefusedBeforeTheKernel() {
        try (Ring ring = Ring.open(2)) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> SocketProtocol.TCP4.prepare(ring.nextSqe(), SocketType.DGRAM));
            assertTrue(e.getMessage().contains("typeFlags"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> SocketProtocol.TCP4.prepareDirect(ring.nextSqe(), 0, SocketType.CLOEXEC));
            assertTrue(e.getMessage().contains("typeFlags"), e.getMessage());
        }
    }

    private static void assertIdentity(SocketProtocol p, int fd) {
        assertEquals(p.domain(), option(fd, SocketOption.DOMAIN), p + ": SO_DOMAIN");
        assertEquals(p.type(), option(fd, SocketOption.TYPE), p + ": SO_TYPE");
        if (p.protocol() != 0) {
            assertEquals(p.protocol(), option(fd, SocketOption.PROTOCOL), p + ": SO_PROTOCOL");
        }
    }

    private static int option(int fd, int name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
            len.set(ValueLayout.JAVA_INT, 0, 4);
            int r = Libc.getsockopt(fd, SocketLevel.SOL_SOCKET, name, value, len);
            assertEquals(0, r, "getsockopt " + name);
            return value.get(ValueLayout.JAVA_INT, 0);
        }
    }
}
