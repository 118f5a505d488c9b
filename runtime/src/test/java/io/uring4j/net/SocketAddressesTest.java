package io.uring4j.net;

import io.uring4j.kernel.flags.SocketDomain;
import io.uring4j.kernel.structs.SockaddrIn6;
import io.uring4j.kernel.structs.SockaddrIn;
import io.uring4j.kernel.structs.SockaddrUn;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;


/** sockaddr encoding: byte order, sizes, round trips and refusals. */
class SocketAddressesTest {
    @Test
    void ipv4IsInNetworkByteOrder() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            InetSocketAddress a = new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 0x1F90);
            MemorySegment s = SocketAddresses.allocate(arena, a);
            assertEquals(SockaddrIn.SIZE, s.byteSize());
            assertEquals(SocketDomain.INET, SockaddrIn.sinFamily(s, 0));
            assertEquals(0x1F, s.get(ValueLayout.JAVA_BYTE, SockaddrIn.OFF_SIN_PORT), "port high byte first");
            assertEquals((byte) 0x90, s.get(ValueLayout.JAVA_BYTE, SockaddrIn.OFF_SIN_PORT + 1));
            assertEquals(10, s.get(ValueLayout.JAVA_BYTE, SockaddrIn.OFF_SIN_ADDR));
            assertEquals(3, s.get(ValueLayout.JAVA_BYTE, SockaddrIn.OFF_SIN_ADDR + 3));
            assertEquals(a, SocketAddresses.decode(s));
        }
    }

    @Test
    void roundTrips() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            SocketAddress[] all = {
                new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 65535),
                new InetSocketAddress(InetAddress.getByName("::1"), 443),
                new InetSocketAddress(InetAddress.getByName("fe80::1%1"), 80),
                UnixDomainSocketAddress.of("/tmp/some.sock"),
            };
            long[] sizes = {SockaddrIn.SIZE, SockaddrIn6.SIZE, SockaddrIn6.SIZE,
                SockaddrUn.OFF_SUN_PATH + "/tmp/some.sock".length() + 1};
            int[] domains = {SocketDomain.INET, SocketDomain.INET6, SocketDomain.INET6, SocketDomain.UNIX};
            for (int i = 0; i < all.length; i++) {
                MemorySegment s = SocketAddresses.allocate(arena, all[i]);
                assertEquals(sizes[i], s.byteSize(), all[i].toString());
                assertEquals(domains[i], SocketAddresses.domain(all[i]));
                assertEquals(all[i], SocketAddresses.decode(s), "round trip of " + all[i]);
            }
        }
    }

    @Test
    void refusesWhatTheKernelCannotTake() {
        try (Arena arena = Arena.ofConfined()) {
            assertThrows(IllegalArgumentException.class,
                    () -> SocketAddresses.allocate(arena, InetSocketAddress.createUnresolved("example.invalid", 1)));
            assertThrows(IllegalArgumentException.class,
                    () -> SocketAddresses.allocate(arena, UnixDomainSocketAddress.of("/" + "x".repeat(120))));
            assertThrows(IllegalArgumentException.class, () -> SocketAddresses.allocate(arena, null));
            MemorySegment small = arena.allocate(8);
            assertThrows(IllegalArgumentException.class,
                    () -> SocketAddresses.write(new InetSocketAddress(InetAddress.getLoopbackAddress(), 1), small));
            MemorySegment unknown = arena.allocate(16);
            SockaddrIn.sinFamily(unknown, 0, SocketDomain.NETLINK);
            assertThrows(IllegalArgumentException.class, () -> SocketAddresses.decode(unknown));
        }
    }
}
