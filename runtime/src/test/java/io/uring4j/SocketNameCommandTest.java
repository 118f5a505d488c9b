package io.uring4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.uring4j.net.SocketAddresses;
import io.uring4j.testsupport.NativeFds;
import io.uring4j.testsupport.SingleCompletion;
import io.uring4j.kernel.flags.SocketDomain;
import io.uring4j.kernel.flags.SocketType;
import io.uring4j.kernel.structs.SockaddrIn;
import io.uring4j.kernel.structs.SockaddrStorage;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * getsockname/getpeername as socket commands (SOCKET_URING_OP_GETSOCKNAME, Linux 6.19): the
 * address-length rule always, the kernel round trip where the running kernel has the command.
 */
class SocketNameCommandTest {

    @Test
    void aBufferSmallerThanAddrLenIsRefusedBeforeTheKernel() {
        try (Ring ring = Ring.open(8); Arena arena = Arena.ofConfined()) {
            MemorySegment addr = arena.allocate(SockaddrIn.LAYOUT);
            MemorySegment addrLen = arena.allocate(ValueLayout.JAVA_INT);
            addrLen.set(ValueLayout.JAVA_INT, 0, (int) SockaddrStorage.SIZE);
            var e = assertThrows(IllegalArgumentException.class,
                    () -> ring.nextSqe().uringCmdSockGetsockname(3, addr, addrLen));
            assertTrue(e.getMessage().contains("addr is 16 bytes but *addrLen asks the kernel to use 128"), e.getMessage());
        }
    }

    @Test
    void getsocknameOfABoundSocketNamesItsPort() {
        KernelVersion k = KernelVersion.current();
        assumeTrue(k.atLeast("6.19"), "SOCKET_URING_OP_GETSOCKNAME needs Linux 6.19; the running kernel is " + k.release());
        try (Ring ring = Ring.open(8); Arena arena = Arena.ofConfined()) {
            ring.nextSqe().socket(SocketDomain.INET, SocketType.STREAM).userData(1);
            int fd = UringException.check(SingleCompletion.res(ring, 1), "socket");
            try {
                MemorySegment any = arena.allocate(SockaddrIn.LAYOUT);
                SockaddrIn.sinFamily(any, 0, SocketDomain.INET);
                SockaddrIn.sinAddr(any, 0, Integer.reverseBytes(0x7F00_0001));
                ring.nextSqe().bind(fd, any).userData(2);
                UringException.check(SingleCompletion.res(ring, 2), "bind");
                MemorySegment addr = arena.allocate(SockaddrStorage.LAYOUT);
                MemorySegment addrLen = arena.allocate(ValueLayout.JAVA_INT);
                addrLen.set(ValueLayout.JAVA_INT, 0, (int) addr.byteSize());
                ring.nextSqe().uringCmdSockGetsockname(fd, addr, addrLen).userData(3);
                assertEquals(0, SingleCompletion.res(ring, 3));
                assertEquals(SockaddrIn.SIZE, addrLen.get(ValueLayout.JAVA_INT, 0));
                InetSocketAddress got = (InetSocketAddress) SocketAddresses.decode(addr.asSlice(0, SockaddrIn.SIZE));
                assertEquals(SocketAddresses.localAddress(fd), got, "the same as getsockname(2)");
                assertTrue(got.getPort() > 0, "the kernel picked a port at bind");
            } finally {
                NativeFds.close(fd);
            }
        }
    }
}
