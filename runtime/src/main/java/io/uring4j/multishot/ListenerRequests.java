package io.uring4j.multishot;

import io.uring4j.Sqe;
import io.uring4j.kernel.flags.SocketLevel;
import io.uring4j.kernel.flags.SocketOption;
import io.uring4j.kernel.flags.SocketType;
import io.uring4j.kernel.flags.TcpOption;
import java.lang.foreign.MemorySegment;

/**
 * The request each {@link ListenerState} of a {@link Listener} sends: the socket, its options,
 * bind, listen, and the close. In direct mode the socket is made in a slot the kernel picks and
 * every later step names that slot with {@code IOSQE_FIXED_FILE}.
 *
 * @param domain    the socket's address family
 * @param backlog   the listen queue length
 * @param fixedFile true in direct mode
 * @param options   the accepted sockets' options
 * @param sockaddr  the address to bind, owned by the listener's arena
 * @param optionOn  an int 1, the value of every boolean socket option, owned by the same arena
 */
record ListenerRequests(int domain, int backlog, boolean fixedFile, ListenerOptions options,
                        MemorySegment sockaddr, MemorySegment optionOn) {

    /**
     * Writes the request of {@code step} (the caller adds its user_data).
     *
     * @param fd         the listening socket or slot; unused for {@link ListenerState#SOCKET}
     * @param optionsSet options already set, which picks the next one in {@link ListenerState#OPTIONS}
     */
    void write(Sqe sqe, ListenerState step, int fd, int optionsSet) {
        switch (step) {
            case SOCKET -> {
                if (fixedFile) {
                    sqe.socketDirectAlloc(domain, SocketType.STREAM);
                } else {
                    sqe.socket(domain, SocketType.STREAM | SocketType.CLOEXEC);
                }
            }
            case REUSEADDR -> sqe.uringCmdSockSetsockopt(fd, SocketLevel.SOL_SOCKET, SocketOption.REUSEADDR, optionOn);
            case OPTIONS -> {
                // TCP_NODELAY first when both are asked for.
                if (options.tcpNoDelay() && optionsSet == 0) {
                    sqe.uringCmdSockSetsockopt(fd, SocketLevel.IPPROTO_TCP, TcpOption.NODELAY, optionOn);
                } else {
                    sqe.uringCmdSockSetsockopt(fd, SocketLevel.SOL_SOCKET, SocketOption.KEEPALIVE, optionOn);
                }
            }
            case BIND -> sqe.bind(fd, sockaddr);
            case LISTEN -> sqe.listen(fd, backlog);
            case CLOSING -> {
                if (fixedFile) {
                    sqe.closeDirect(fd);
                } else {
                    sqe.close(fd);
                }
            }
            default -> throw new AssertionError(step);
        }
        if (fixedFile && step != ListenerState.SOCKET && step != ListenerState.CLOSING) {
            sqe.fixedFile();
        }
    }
}
