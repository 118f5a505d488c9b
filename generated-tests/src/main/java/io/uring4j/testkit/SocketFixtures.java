package io.uring4j.testkit;

import io.uring4j.kernel.flags.SocketDomain;
import io.uring4j.kernel.flags.SocketType;
import io.uring4j.kernel.structs.SockaddrIn;
import io.uring4j.testsupport.Libc;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Sockets on loopback and AF_UNIX pairs, made with libc so they are plain blocking descriptors
 * the scenario owns. Addresses are {@code struct sockaddr_in} segments with an {@code addr_len}.
 */
final class SocketFixtures {
    /** Enough for a loopback test: a backlog the listeners never fill. */
    private static final int BACKLOG = 8;

    private SocketFixtures() {}

    /** A connected AF_UNIX pair: {@code a} and {@code b} ({@code type} "stream", "dgram" or "seqpacket"). */
    static void socketpair(Scene s, String name, String type) {
        int t = switch (type) {
            case "stream" -> SocketType.STREAM;
            case "dgram" -> SocketType.DGRAM;
            case "seqpacket" -> SocketType.SEQPACKET;
            default -> throw new IllegalArgumentException("socketpair type is stream, dgram or seqpacket; was " + type);
        };
        MemorySegment fds = s.arena.allocate(ValueLayout.JAVA_INT, 2);
        Libc.check("socketpair", Libc.socketpair(SocketDomain.UNIX, t | SocketType.CLOEXEC, 0, fds));
        int a = s.own(fds.getAtIndex(ValueLayout.JAVA_INT, 0), name + ".a");
        int b = s.own(fds.getAtIndex(ValueLayout.JAVA_INT, 1), name + ".b");
        s.add(name, "socketpair").set("a", a).set("b", b);
    }

    /** An IPv4 address: {@code ip} and {@code port} (0: any free port). */
    static void sockaddr(Scene s, String name, String ip, long port) {
        MemorySegment a = inet(s, ip, (int) port);
        s.add(name, "sockaddr").set(Fixture.DEFAULT, a).set("len", a.byteSize());
    }

    /** A TCP socket, neither bound nor connected. */
    static void tcpSocket(Scene s, String name) {
        s.add(name, "tcp_socket").set(Fixture.DEFAULT, socket(s, name, SocketType.STREAM));
    }

    /** A TCP listener on a free loopback port: the fd, {@code addr} and {@code addr_len}. */
    static void tcpListener(Scene s, String name) {
        Fixture f = s.add(name, "tcp_listener");
        int fd = listener(s, name);
        MemorySegment addr = boundAddress(s, fd);
        f.set(Fixture.DEFAULT, fd).set("fd", fd).set("addr", addr).set("addr_len", addr.byteSize());
    }

    /** A TCP socket connected to listener {@code listener}; the connection waits in its accept queue. */
    static void tcpClient(Scene s, String name, String listener) {
        int fd = socket(s, name, SocketType.STREAM);
        Libc.check("connect", Libc.connect(fd, s.segment(listener + ".addr")));
        s.add(name, "tcp_client").set(Fixture.DEFAULT, fd);
    }

    /**
     * A connected TCP pair on loopback: {@code client}, {@code server} (accepted), the
     * {@code listener} and its {@code addr} / {@code addr_len}.
     */
    static void tcp(Scene s, String name) {
        int l = listener(s, name + ".listener");
        MemorySegment addr = boundAddress(s, l);
        int c = socket(s, name + ".client", SocketType.STREAM);
        Libc.check("connect", Libc.connect(c, addr));
        int server = s.own((int) Libc.check("accept4", Libc.accept4(l, SocketType.CLOEXEC)), name + ".server");
        s.add(name, "tcp").set("listener", l).set("client", c).set("server", server)
                .set("addr", addr).set("addr_len", addr.byteSize());
    }

    /** Two UDP sockets on loopback, each connected to the other: {@code a}, {@code b} and their addresses. */
    static void udp(Scene s, String name) {
        int a = socket(s, name + ".a", SocketType.DGRAM);
        int b = socket(s, name + ".b", SocketType.DGRAM);
        Libc.check("bind", Libc.bind(a, inet(s, "127.0.0.1", 0)));
        Libc.check("bind", Libc.bind(b, inet(s, "127.0.0.1", 0)));
        MemorySegment aAddr = boundAddress(s, a);
        MemorySegment bAddr = boundAddress(s, b);
        Libc.check("connect", Libc.connect(a, bAddr));
        Libc.check("connect", Libc.connect(b, aAddr));
        s.add(name, "udp").set("a", a).set("b", b).set("a_addr", aAddr).set("b_addr", bAddr)
                .set("addr_len", aAddr.byteSize());
    }

    private static int socket(Scene s, String what, int type) {
        int fd = (int) Libc.check("socket", Libc.socket(SocketDomain.INET, type | SocketType.CLOEXEC, 0));
        return s.own(fd, what);
    }

    private static int listener(Scene s, String what) {
        int fd = socket(s, what, SocketType.STREAM);
        Libc.check("bind", Libc.bind(fd, inet(s, "127.0.0.1", 0)));
        Libc.check("listen", Libc.listen(fd, BACKLOG));
        return fd;
    }

    /** The address a socket is bound to (getsockname). */
    static MemorySegment boundAddress(Scene s, int fd) {
        MemorySegment addr = s.arena.allocate(SockaddrIn.LAYOUT);
        MemorySegment len = s.arena.allocate(ValueLayout.JAVA_INT);
        len.set(ValueLayout.JAVA_INT, 0, (int) addr.byteSize());
        Libc.check("getsockname", Libc.getsockname(fd, addr, len));
        return addr;
    }

    /** The port of a sockaddr_in (stored in network byte order). */
    static int port(MemorySegment addr) {
        return Short.toUnsignedInt(Short.reverseBytes((short) SockaddrIn.sinPort(addr, 0)));
    }

    private static MemorySegment inet(Scene s, String ip, int port) {
        byte[] ipBytes;
        try {
            ipBytes = InetAddress.getByName(ip).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv4 address: " + ip, e);
        }
        MemorySegment a = s.arena.allocate(SockaddrIn.LAYOUT);
        SockaddrIn.sinFamily(a, 0, SocketDomain.INET);
        // sin_port and sin_addr are in network (big-endian) byte order.
        SockaddrIn.sinPort(a, 0, Short.toUnsignedInt(Short.reverseBytes((short) port)));
        MemorySegment.copy(MemorySegment.ofArray(ipBytes), 0, a, SockaddrIn.OFF_SIN_ADDR, ipBytes.length);
        return a;
    }
}
