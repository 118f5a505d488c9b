package io.uring4j.channels;

/**
 * What an asynchronous request does when its completion arrives. Runs on the ring's thread,
 * after the kernel is done with the request's memory; it must be short and must not block.
 */
interface AsyncOp {
    /** @param res the completion's result: bytes, 0, or a negated errno */
    void complete(Request request, int res);
}
