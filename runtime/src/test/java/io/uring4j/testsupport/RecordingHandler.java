package io.uring4j.testsupport;

import io.uring4j.Cqe;
import io.uring4j.multishot.Multishot;
import io.uring4j.multishot.MultishotEnd;
import io.uring4j.multishot.MultishotHandler;
import io.uring4j.multishot.MultishotState;
import java.util.ArrayList;
import java.util.List;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;


/** Records every event a subscription reports, for tests; optionally consumes provided buffers into bytes. */
public class RecordingHandler implements MultishotHandler {
    /** One completion as delivered. */
    public record Result(int res, int flags, boolean more, MultishotState state) {}

    public final List<Result> results = new ArrayList<>();
    public final List<MultishotEnd> ends = new ArrayList<>();
    public final List<Integer> endRes = new ArrayList<>();
    public Multishot last;

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

    public boolean ended() {
        return !ends.isEmpty();
    }

    /** Asserts exactly one end, of the given kind. */
    public void assertEndedOnce(MultishotEnd expected) {
        assertEquals(List.of(expected), ends, "ends reported");
    }
}
