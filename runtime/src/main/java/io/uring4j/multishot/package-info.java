/**
 * Multishot requests — one SQE, many completions — as subscriptions: {@link
 * io.uring4j.multishot.Multishots} arms them (accept, recv, recvmsg, read, poll, timeout), routes
 * their completions to a {@link io.uring4j.multishot.MultishotHandler} and re-arms or ends them;
 * {@link io.uring4j.multishot.Listener} builds a listening socket with a multishot accept on top.
 *
 * <p>It lives apart from {@code io.uring4j.net} because {@link io.uring4j.multishot.Listener}
 * shares the subscriptions' slot pool and dispatch. Start with {@link io.uring4j.multishot.Multishots}.
 */
package io.uring4j.multishot;
