package io.uring4j.net;

import io.uring4j.UringException;
import io.uring4j.internal.LibcCalls;
import io.uring4j.kernel.flags.SocketDomain;
import io.uring4j.kernel.structs.SockaddrIn6;
import io.uring4j.kernel.structs.SockaddrIn;
import io.uring4j.kernel.structs.SockaddrStorage;
import io.uring4j.kernel.structs.SockaddrUn;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Converts between Java socket addresses and the kernel's {@code sockaddr_in},
 * {@code sockaddr_in6} and {@code sockaddr_un} (for bind, connect, sendto and the names a
 * recvmsg reports). Ports, IPv4 addresses and flow labels are in network byte order, as the
 * kernel wants them. Every method allocates (Java objects or native memory): for setup, not for
 * the hot path.
 *
 * <pre>{@code
 * MemorySegment addr = SocketAddresses.allocate(arena, new InetSocketAddress("127.0.0.1", 8080));
 * ring.nextSqe().bind(fd, addr).userData(1);
 * ...
 * SocketAddress from = SocketAddresses.decode(view.name());   // InetSocketAddress[/127.0.0.1:40000]
 * }</pre>
 */
public final class SocketAddresses {
    private static final ValueLayout.OfShort NET_SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int IPV4_BYTES = 4;
    private static final int IPV6_BYTES = 16;
    /** Room for the path in sun_path, its terminating NUL included. */
    private static final long UNIX_PATH_ROOM = SockaddrUn.SIZE - SockaddrUn.OFF_SUN_PATH;

    private SocketAddresses() {}

    /**
     * The {@link SocketDomain} of an address: INET, INET6 or UNIX.
     *
     * @param address the socket address
     * @return the address family
     * @throws IllegalArgumentException for another kind of address, or an unresolved one
     */
    public static int domain(SocketAddress address) {
        return switch (check(address)) {
            case InetSocketAddress inet -> inet.getAddress() instanceof Inet4Address ? SocketDomain.INET
                    : SocketDomain.INET6;
            default -> SocketDomain.UNIX;
        };
    }

    /**
     * {@return the byte size of the address's sockaddr: what bind and connect take as its length}
     *
     * @param address the socket address
     */
    public static long size(SocketAddress address) {
        return switch (check(address)) {
            case InetSocketAddress inet -> inet.getAddress() instanceof Inet4Address ? SockaddrIn.SIZE
                    : SockaddrIn6.SIZE;
            case UnixDomainSocketAddress unix -> SockaddrUn.OFF_SUN_PATH + unixPath(unix).length + 1;
            default -> throw new AssertionError(address);
        };
    }

    /**
     * A native segment of exactly {@link #size(SocketAddress)} bytes in {@code arena} holding
     * the address.
     *
     * @param arena owns the memory made here; it must outlive every request that uses it
     * @param address the socket address
     * @return the {@code sockaddr} memory
     * @throws IllegalArgumentException for an unsupported or unresolved address, or a Unix path
     *                                  longer than sun_path holds
     */
    public static MemorySegment allocate(Arena arena, SocketAddress address) {
        if (arena == null) {
            throw new IllegalArgumentException("arena must not be null");
        }
        MemorySegment s = arena.allocate(size(address), Short.BYTES);
        write(address, s);
        return s;
    }

    /**
     * Writes the address at the start of {@code s} (zeroing its first {@link #size} bytes first).
     *
     * @param address the socket address
     * @param s memory for the {@code sockaddr}, large enough for it
     * @return the number of bytes written
     * @throws IllegalArgumentException when {@code s} is smaller than the address
     */
    public static long write(SocketAddress address, MemorySegment s) {
        long size = size(address);
        if (s == null || s.byteSize() < size) {
            throw new IllegalArgumentException("s must hold the " + size + "-byte sockaddr; was "
                    + (s == null ? "null" : s.byteSize() + " bytes"));
        }
        s.asSlice(0, size).fill((byte) 0);
        switch (address) {
            case InetSocketAddress inet when inet.getAddress() instanceof Inet4Address v4 -> {
                SockaddrIn.sinFamily(s, 0, SocketDomain.INET);
                s.set(NET_SHORT, SockaddrIn.OFF_SIN_PORT, (short) inet.getPort());
                MemorySegment.copy(v4.getAddress(), 0, s, ValueLayout.JAVA_BYTE, SockaddrIn.OFF_SIN_ADDR, IPV4_BYTES);
            }
            case InetSocketAddress inet -> {
                Inet6Address v6 = (Inet6Address) inet.getAddress();
                SockaddrIn6.sin6Family(s, 0, SocketDomain.INET6);
                s.set(NET_SHORT, SockaddrIn6.OFF_SIN6_PORT, (short) inet.getPort());
                MemorySegment.copy(v6.getAddress(), 0, s, ValueLayout.JAVA_BYTE, SockaddrIn6.OFF_SIN6_ADDR, IPV6_BYTES);
                SockaddrIn6.sin6ScopeId(s, 0, v6.getScopeId());
            }
            case UnixDomainSocketAddress unix -> {
                byte[] path = unixPath(unix);
                SockaddrUn.sunFamily(s, 0, SocketDomain.UNIX);
                MemorySegment.copy(path, 0, s, ValueLayout.JAVA_BYTE, SockaddrUn.OFF_SUN_PATH, path.length);
            }
            default -> throw new AssertionError(address);
        }
        return size;
    }

    /**
     * The address held by a sockaddr of {@code s.byteSize()} bytes (e.g. {@link RecvmsgView#name()}).
     *
     * @param s a {@code sockaddr} the kernel wrote
     * @return the address
     * @throws IllegalArgumentException when the family is not INET, INET6 or UNIX, or the bytes
     *                                  are too few for it
     */
    public static SocketAddress decode(MemorySegment s) {
        if (s == null || s.byteSize() < Short.BYTES) {
            throw new IllegalArgumentException("s must hold at least a sockaddr's family (2 bytes)");
        }
        int family = SockaddrIn.sinFamily(s, 0);
        try {
            if (family == SocketDomain.INET) {
                need(s, SockaddrIn.SIZE, "sockaddr_in");
                byte[] ip = new byte[IPV4_BYTES];
                MemorySegment.copy(s, ValueLayout.JAVA_BYTE, SockaddrIn.OFF_SIN_ADDR, ip, 0, IPV4_BYTES);
                return new InetSocketAddress(InetAddress.getByAddress(ip),
                        Short.toUnsignedInt(s.get(NET_SHORT, SockaddrIn.OFF_SIN_PORT)));
            }
            if (family == SocketDomain.INET6) {
                need(s, SockaddrIn6.SIZE, "sockaddr_in6");
                byte[] ip = new byte[IPV6_BYTES];
                MemorySegment.copy(s, ValueLayout.JAVA_BYTE, SockaddrIn6.OFF_SIN6_ADDR, ip, 0, IPV6_BYTES);
                int scope = SockaddrIn6.sin6ScopeId(s, 0);
                InetAddress a = scope == 0 ? InetAddress.getByAddress(ip) : Inet6Address.getByAddress(null, ip, scope);
                return new InetSocketAddress(a, Short.toUnsignedInt(s.get(NET_SHORT, SockaddrIn6.OFF_SIN6_PORT)));
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address bytes", e); // only for a wrong length, excluded above
        }
        if (family == SocketDomain.UNIX) {
            long end = SockaddrUn.OFF_SUN_PATH;
            while (end < s.byteSize() && s.get(ValueLayout.JAVA_BYTE, end) != 0) {
                end++;
            }
            byte[] path = new byte[(int) (end - SockaddrUn.OFF_SUN_PATH)];
            MemorySegment.copy(s, ValueLayout.JAVA_BYTE, SockaddrUn.OFF_SUN_PATH, path, 0, path.length);
            return UnixDomainSocketAddress.of(new String(path, StandardCharsets.UTF_8));
        }
        throw new IllegalArgumentException("sockaddr family " + family + " is not one of INET (" + SocketDomain.INET
                + "), INET6 (" + SocketDomain.INET6 + ") or UNIX (" + SocketDomain.UNIX + ")");
    }

    /**
     * The local address of socket {@code fd} (getsockname(2)), e.g. the port the kernel chose for
     * a bind to port 0. Not for direct (registered-only) descriptors, which have no fd.
     *
     * @param fd the file descriptor
     * @return the address the socket is bound to
     * @throws UringException with the errno when the kernel refuses (EBADF, ENOTSOCK)
     */
    public static SocketAddress localAddress(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment storage = arena.allocate(SockaddrStorage.LAYOUT);
            MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
            length.set(ValueLayout.JAVA_INT, 0, (int) SockaddrStorage.SIZE);
            int r = LibcCalls.getsockname(fd, storage.address(), length.address());
            if (r < 0) {
                throw new UringException("getsockname(" + fd + ")", -r);
            }
            return decode(storage.asSlice(0, Math.min(SockaddrStorage.SIZE, length.get(ValueLayout.JAVA_INT, 0))));
        }
    }

    private static void need(MemorySegment s, long size, String what) {
        if (s.byteSize() < size) {
            throw new IllegalArgumentException("a " + what + " needs " + size + " bytes; s has " + s.byteSize());
        }
    }

    private static SocketAddress check(SocketAddress address) {
        if (address == null) {
            throw new IllegalArgumentException("address must not be null");
        }
        if (address instanceof InetSocketAddress inet) {
            if (inet.isUnresolved()) {
                throw new IllegalArgumentException("address " + inet + " is unresolved; resolve it first (no DNS here)");
            }
            return address;
        }
        if (address instanceof UnixDomainSocketAddress) {
            return address;
        }
        throw new IllegalArgumentException("address must be an InetSocketAddress or a UnixDomainSocketAddress; was "
                + address.getClass().getName());
    }

    private static byte[] unixPath(UnixDomainSocketAddress unix) {
        byte[] path = unix.getPath().toString().getBytes(StandardCharsets.UTF_8);
        if (path.length + 1 > UNIX_PATH_ROOM) {
            throw new IllegalArgumentException("the Unix socket path is " + path.length + " bytes; sun_path holds "
                    + (UNIX_PATH_ROOM - 1) + " and a NUL");
        }
        return path;
    }
}
