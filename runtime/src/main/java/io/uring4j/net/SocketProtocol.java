package io.uring4j.net;

import io.uring4j.Sqe;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.IpProtocol;
import io.uring4j.kernel.flags.SocketDomain;
import io.uring4j.kernel.flags.SocketType;

/**
 * The common socket kinds as one typed choice, each preparing an {@code IORING_OP_SOCKET} entry
 * (a plain descriptor) or its registered-file variant, so a caller does not spell out
 * domain, type and protocol numbers.
 *
 * <p>Whether a protocol exists is the kernel's answer, not this enum's: a kernel without SCTP
 * (its module not loaded) completes the request with {@code EPROTONOSUPPORT}, UDP-Lite removed
 * from a kernel gives {@code EPROTONOSUPPORT} or {@code ESOCKTNOSUPPORT}. {@link #describe(int)}
 * names such a result. Any other combination: {@link Sqe#socket(int, int, int)}.
 *
 * {@snippet class=io.uring4j.snippets.ParitySnippets region=socketProtocol}
 */
public enum SocketProtocol {
    /** TCP over IPv4. */
    TCP4(SocketDomain.INET, SocketType.STREAM, IpProtocol.TCP),
    /** TCP over IPv6. */
    TCP6(SocketDomain.INET6, SocketType.STREAM, IpProtocol.TCP),
    /** UDP over IPv4. */
    UDP4(SocketDomain.INET, SocketType.DGRAM, IpProtocol.UDP),
    /** UDP over IPv6. */
    UDP6(SocketDomain.INET6, SocketType.DGRAM, IpProtocol.UDP),
    /** UDP-Lite over IPv4. */
    UDPLITE4(SocketDomain.INET, SocketType.DGRAM, IpProtocol.UDPLITE),
    /** UDP-Lite over IPv6. */
    UDPLITE6(SocketDomain.INET6, SocketType.DGRAM, IpProtocol.UDPLITE),
    /** SCTP over IPv4, one-to-one style (a stream socket). */
    SCTP4(SocketDomain.INET, SocketType.STREAM, IpProtocol.SCTP),
    /** SCTP over IPv6, one-to-one style (a stream socket). */
    SCTP6(SocketDomain.INET6, SocketType.STREAM, IpProtocol.SCTP),
    /** Unix-domain stream socket. */
    UNIX_STREAM(SocketDomain.UNIX, SocketType.STREAM, IpProtocol.DEFAULT),
    /** Unix-domain datagram socket. */
    UNIX_DGRAM(SocketDomain.UNIX, SocketType.DGRAM, IpProtocol.DEFAULT),
    /** Unix-domain sequenced-packet socket. */
    UNIX_SEQPACKET(SocketDomain.UNIX, SocketType.SEQPACKET, IpProtocol.DEFAULT);

    private final int domain;
    private final int type;
    private final int protocol;

    SocketProtocol(int domain, int type, int protocol) {
        this.domain = domain;
        this.type = type;
        this.protocol = protocol;
    }

    /** {@return the address family, a {@link SocketDomain} value} */
    public int domain() {
        return domain;
    }

    /** {@return the socket type without modifier bits, a {@link SocketType} value} */
    public int type() {
        return type;
    }

    /** {@return the protocol number, an {@link IpProtocol} value} */
    public int protocol() {
        return protocol;
    }

    /**
     * Prepares a request that creates this kind of socket; the completion's {@code res} is the
     * new descriptor.
     *
     * @param sqe the entry to fill
     * @param typeFlags {@link SocketType#NONBLOCK} and/or {@link SocketType#CLOEXEC}, or 0
     * @return {@code sqe}
     * @throws IllegalArgumentException if {@code typeFlags} holds anything but those two bits
     */
    public Sqe prepare(Sqe sqe, int typeFlags) {
        checkTypeFlags(typeFlags, SocketType.NONBLOCK | SocketType.CLOEXEC);
        return sqe.socket(domain, type | typeFlags, protocol);
    }

    /**
     * Prepares a request that creates this kind of socket straight into the registered file
     * table (later requests use it with {@code SqeFlags.FIXED_FILE}).
     *
     * @param sqe the entry to fill
     * @param fileSlot the registered-file slot to fill (0-based, replacing its file), or -1 for
     *     any free slot, which {@code res} then reports
     * @param typeFlags {@link SocketType#NONBLOCK} or 0 (a registered file has no close-on-exec)
     * @return {@code sqe}
     * @throws IllegalArgumentException if {@code typeFlags} holds anything but NONBLOCK
     */
    public Sqe prepareDirect(Sqe sqe, int fileSlot, int typeFlags) {
        checkTypeFlags(typeFlags, SocketType.NONBLOCK);
        return sqe.socketDirect(domain, type | typeFlags, fileSlot, protocol);
    }

    /**
     * Names a failed completion of this kind's socket request, telling "the kernel lacks the
     * protocol" apart from other errors.
     *
     * @param res a negative completion result
     * @return for example {@code "SCTP4: EPROTONOSUPPORT (kernel offers no such protocol)"}
     */
    public String describe(int res) {
        return name() + ": " + Errno.nameOf(-res) + (isUnsupported(res) ? " (kernel offers no such protocol)" : "");
    }

    /**
     * Whether a socket request's result says the protocol is not there.
     *
     * @param res a completion result
     * @return whether it says this kernel does not offer the protocol or socket type
     *     ({@code EPROTONOSUPPORT}, {@code ESOCKTNOSUPPORT}, {@code EAFNOSUPPORT})
     */
    public static boolean isUnsupported(int res) {
        return res == -Errno.EPROTONOSUPPORT.value()
                || res == -Errno.ESOCKTNOSUPPORT.value()
                || res == -Errno.EAFNOSUPPORT.value();
    }

    private static void checkTypeFlags(int typeFlags, int allowed) {
        if ((typeFlags & ~allowed) != 0) {
            throw new IllegalArgumentException("typeFlags must be a combination of "
                    + (allowed == SocketType.NONBLOCK ? "SocketType.NONBLOCK" : "SocketType.NONBLOCK and SocketType.CLOEXEC")
                    + ", got 0x" + Integer.toHexString(typeFlags));
        }
    }
}
