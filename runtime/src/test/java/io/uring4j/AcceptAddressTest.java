package io.uring4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.net.SocketAddresses;
import io.uring4j.testsupport.NativeFds;
import io.uring4j.testsupport.SingleCompletion;
import io.uring4j.kernel.flags.SocketDomain;
import io.uring4j.kernel.flags.SocketType;
import io.uring4j.kernel.structs.SockaddrIn;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * ACCEPT's address buffer: the kernel writes at most *addrLen bytes, so a 16-byte sockaddr_in
 * with *addrLen 16 is enough, and a buffer smaller than *addrLen is refused before the kernel.
 */
class AcceptAddressTest {

    @org.junit.jupiter.api.Test
    void aSockaddrInWithItsOwnLengthReceivesThePeerAddress() throws Exception {
        try (Ring ring = Ring.open(8); Arena arena = Arena.ofConfined()) {
            int listener = listener(ring, arena);
            int port = ((InetSocketAddress) SocketAddresses.localAddress(listener)).getPort();
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
                acceptInto(ring, arena, listener, client);
            } finally {
                NativeFds.close(listener);
            }
        }
    }

    private static void acceptInto(Ring ring, Arena arena, int listener, Socket client) {
        MemorySegment addr = arena.allocate(SockaddrIn.LAYOUT);
        assertEquals(16, addr.byteSize());
        MemorySegment addrLen = arena.allocate(ValueLayout.JAVA_INT);
        addrLen.set(ValueLayout.JAVA_INT, 0, (int) addr.byteSize());
        // The connection is already queued on the listener: the accept completes at once.
        ring.nextSqe().accept(listener, addr, addrLen, 0, 0).userData(7);
        int fd = UringException.check(SingleCompletion.res(ring, 7), "accept");
        try {
            assertTrue(fd >= 0);
            assertEquals(16, addrLen.get(ValueLayout.JAVA_INT, 0), "the kernel stored the IPv4 address length");
            InetSocketAddress peer = (InetSocketAddress) SocketAddresses.decode(addr);
            assertEquals(client.getLocalPort(), peer.getPort(), "the address is the client's");
            assertArrayEquals(InetAddress.getLoopbackAddress().getAddress(), peer.getAddress().getAddress());
        } finally {
            NativeFds.close(fd);
        }
    }

    @org.junit.jupiter.api.Test
    void aBufferSmallerThanAddrLenIsRefusedBeforeTheKernel() {
        try (Ring ring = Ring.open(8); Arena arena = Arena.ofConfined()) {
            MemorySegment addr = arena.allocate(SockaddrIn.LAYOUT);
            MemorySegment addrLen = arena.allocate(ValueLayout.JAVA_INT);
            addrLen.set(ValueLayout.JAVA_INT, 0, 128);
            var e = assertThrows(IllegalArgumentException.class, () -> ring.nextSqe().accept(3, addr, addrLen, 0, 0));
            assertTrue(e.getMessage().contains("addr is 16 bytes but *addrLen asks the kernel to use 128"), e.getMessage());
        }
    }

    /** A TCP socket listening on 127.0.0.1 and a port the kernel picks, made through the ring. */
    private static int listener(Ring ring, Arena arena) {
        ring.nextSqe().socket(SocketDomain.INET, SocketType.STREAM).userData(1);
        int fd = UringException.check(SingleCompletion.res(ring, 1), "socket");
        MemorySegment any = arena.allocate(SockaddrIn.LAYOUT);
        SockaddrIn.sinFamily(any, 0, SocketDomain.INET);
        SockaddrIn.sinAddr(any, 0, Integer.reverseBytes(0x7F00_0001));
        ring.nextSqe().bind(fd, any).userData(2);
        UringException.check(SingleCompletion.res(ring, 2), "bind");
        ring.nextSqe().listen(fd, 4).userData(3);
        UringException.check(SingleCompletion.res(ring, 3), "listen");
        return fd;
    }
}
