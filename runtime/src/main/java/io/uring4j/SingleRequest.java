package io.uring4j;

/**
 * {@link Ring#submitAndCheck(Sqe, String)}: one request submitted alone, its completion
 * recognised by a marker user_data, its result checked. The caller has checked the thread.
 */
final class SingleRequest {
    /** user_data given to the request, to recognise its completion. */
    static final long CHECKED_REQUEST = 0xC0FFEE_0000_0001L;

    private SingleRequest() {}

    static int run(Ring ring, Sqe request, String what) {
        SubmissionQueue sq = ring.sq;
        CompletionQueue cq = ring.cq;
        if (request == null || !sq.isLastPrepared(request)) {
            throw new IllegalArgumentException("request must be the SQE last returned by nextSqe() on this ring, with a"
                    + " prep method applied");
        }
        if (sq.queued() != 1) {
            throw new IllegalStateException("submitAndCheck: " + (sq.queued() - 1) + " other SQEs are queued; it"
                    + " submits one request alone (use submit() and drain() for several)");
        }
        if (cq.ready() != 0) {
            throw new IllegalStateException("submitAndCheck: " + cq.ready() + " completions are waiting to be reaped;"
                    + " drain() them first");
        }
        request.userData(CHECKED_REQUEST);
        ring.submitAndWait(1);
        Cqe c = ring.peek();
        long userData = c.userData();
        int res = c.res();
        boolean violated = c.lifetimeViolated();
        ring.seen();
        if (violated) {
            throw new LifetimeViolationException(userData);
        }
        if (userData != CHECKED_REQUEST) {
            throw new IllegalStateException("submitAndCheck: the first completion belongs to another request"
                    + " (user_data " + userData + ", res " + res + "); reap with drain() when several are in flight");
        }
        if (res < 0) {
            throw new UringException(what, -res);
        }
        return res;
    }
}
