package io.uring4j.testkit;

import io.uring4j.Ring;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.CqeFlags;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;

/**
 * Completions of one ring, copied out of the CQ as they arrive and handed out by user_data, so
 * a scenario can wait for them in any order. Every wait is bounded; on timeout the failure lists
 * every completion seen.
 */
final class Completions {
    /** Longest wait for one completion: generous for loopback I/O, short enough to keep the run fast. */
    static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Ring ring;
    private final List<OpScenario.Completion> pending = new ArrayList<>();
    private final List<OpScenario.Completion> seen = new ArrayList<>();
    private final Map<Long, OpScenario.Completion> taken = new LinkedHashMap<>();

    Completions(Ring ring) {
        this.ring = ring;
    }

    /** Submits what is queued, then waits for the oldest not yet taken completion with {@code userData}. */
    OpScenario.Completion await(long userData, String ringName) {
        ring.submit();
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        for (;;) {
            collect();
            for (Iterator<OpScenario.Completion> it = pending.iterator(); it.hasNext(); ) {
                OpScenario.Completion c = it.next();
                if (c.userData() == userData) {
                    it.remove();
                    taken.put(userData, c);
                    return c;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Assertions.fail("no completion with user_data " + hex(userData) + " on " + ringName + " within "
                        + TimeUnit.NANOSECONDS.toMillis(TIMEOUT_NANOS) + " ms; completions seen: " + describe(seen));
            }
            ring.waitFor(1, left);
        }
    }

    /** The completion last returned for {@code userData}. */
    OpScenario.Completion taken(long userData) {
        OpScenario.Completion c = taken.get(userData);
        if (c == null) {
            throw new IllegalStateException("no completion with user_data " + hex(userData) + " was awaited yet");
        }
        return c;
    }

    private void collect() {
        ring.drain(cqe -> {
            OpScenario.Completion c = new OpScenario.Completion(cqe.userData(), cqe.res(), cqe.flags());
            pending.add(c);
            seen.add(c);
        });
    }

    static String describe(List<OpScenario.Completion> list) {
        if (list.isEmpty()) {
            return "none";
        }
        List<String> out = new ArrayList<>();
        for (OpScenario.Completion c : list) {
            out.add(describe(c));
        }
        return String.join(", ", out);
    }

    static String describe(OpScenario.Completion c) {
        return "{user_data " + hex(c.userData()) + ", res " + res(c.res()) + ", flags "
                + (c.flags() == 0 ? "0" : CqeFlags.describe(c.flags())) + "}";
    }

    static String res(int res) {
        return res < 0 ? res + " (" + Errno.nameOf(-res) + ")" : Integer.toString(res);
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
