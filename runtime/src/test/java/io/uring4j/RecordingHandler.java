package io.uring4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;

/** Records every event a subscription reports, for tests; optionally consumes provided buffers into bytes. */
class RecordingHandler implements MultishotHandler {
    /** One completion as delivered. */
    record Result(int res, int flags, boolean more, MultishotState state) {}

    final List<Result> results = new ArrayList<>();
    final List<MultishotEnd> ends = new ArrayList<>();
    final List<Integer> endRes = new ArrayList<>();
    Multishot last;

    @Override
    public void onCompletion(Multishot sub, Cqe cqe) {
        results.add(new Result(cqe.res(), cqe.flags(), cqe.isMore(), sub.state()));
        last = sub;
    }

    @Override
    public void onEnd(Multishot sub, MultishotEnd end, int res) {
        assertSame(MultishotState.STOPPED, sub.state(), "onEnd sees a stopped subscription");
        ends.add(end);
        endRes.add(res);
        last = sub;
    }

    boolean ended() {
        return !ends.isEmpty();
    }

    /** Asserts exactly one end, of the given kind. */
    void assertEndedOnce(MultishotEnd expected) {
        assertEquals(List.of(expected), ends, "ends reported");
    }
}
