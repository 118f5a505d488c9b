/**
 * Socket helpers for network requests: {@link io.uring4j.net.SocketAddresses} (Java addresses to
 * and from {@code sockaddr} memory), {@link io.uring4j.net.MessageHeader} (a {@code msghdr} for
 * sendmsg and recvmsg), {@link io.uring4j.net.RecvmsgView} (the layout of a multishot recvmsg
 * buffer), {@link io.uring4j.net.ZeroCopyTracker} (which zero-copy sends may reuse their buffer),
 * {@link io.uring4j.net.FanOut} (one buffer to many sockets in one batch) and
 * {@link io.uring4j.net.SocketProtocol} (typed socket kinds for IORING_OP_SOCKET).
 */
package io.uring4j.net;
