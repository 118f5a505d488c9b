/**
 * Socket helpers for network requests: {@link io.uring4j.net.SocketAddresses} (Java addresses to
 * and from {@code sockaddr} memory), {@link io.uring4j.net.MessageHeader} (a {@code msghdr} for
 * sendmsg and recvmsg), {@link io.uring4j.net.RecvmsgView} (the layout of a multishot recvmsg
 * buffer) and {@link io.uring4j.net.ZeroCopyTracker} (which zero-copy sends may reuse their buffer).
 */
package io.uring4j.net;
