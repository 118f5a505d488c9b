package io.uring4j.testsupport;

import io.uring4j.CompletionHandler;
import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.multishot.DispatchResult;
import io.uring4j.multishot.Multishots;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;


/**
 * Test driver for multishot tests: submits, waits (bounded) and dispatches every completion
 * through {@link Multishots#dispatch}, counting the outcomes; completions that are not the
 * registry's go to {@link #other}.
 */
public final class MultishotLoop {
    /** Receives the completions {@link Multishots#dispatch} leaves to the caller. */
    public interface Other {
        void onCompletion(Cqe cqe);
    }

    private static final long SLICE = TimeUnit.MILLISECONDS.toNanos(50);

    public final Ring ring;
    public final Multishots multishots;
    public final long[] outcomes = new long[DispatchResult.values().length];
    private Other other = cqe -> fail("unexpected completion: user_data 0x" + Long.toHexString(cqe.userData())
            + ", res " + cqe.res() + ", flags 0x" + Integer.toHexString(cqe.flags()));
    private final CompletionHandler route = this::route;

    public MultishotLoop(Ring ring, Multishots multishots) {
        this.ring = ring;
        this.multishots = multishots;
    }

    public MultishotLoop other(Other handler) {
        this.other = handler;
        return this;
    }

    private void route(Cqe cqe) {
        DispatchResult r = multishots.dispatch(cqe);
        outcomes[r.ordinal()]++;
        if (r == DispatchResult.NOT_OURS) {
            other.onCompletion(cqe);
        }
    }

    public long count(DispatchResult r) {
        return outcomes[r.ordinal()];
    }

    /** Submits, waits and dispatches until {@code done} holds; fails after {@code timeoutMillis}. */
    public void until(BooleanSupplier done, long timeoutMillis, String what) {
        until(done, timeoutMillis, () -> what);
    }

    /** Like {@link #until(BooleanSupplier, long, String)}, describing what was awaited only on failure. */
    public void until(BooleanSupplier done, long timeoutMillis, java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!done.getAsBoolean()) {
            ring.submit();
            if (ring.drain(route) > 0) {
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("timed out after " + timeoutMillis + " ms waiting for " + what.get());
            }
            ring.waitFor(1, Math.min(left, SLICE));
        }
        ring.submit();
    }

    /** Runs the loop for about {@code millis}, dispatching whatever arrives. */
    public void runFor(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            ring.submit();
            if (ring.drain(route) == 0) {
                ring.waitFor(1, Math.min(left, SLICE));
            }
        }
        ring.submit();
        ring.drain(route);
    }

    /** One request of the caller's, waited for: its res. */
    public int call(String what) {
        int[] res = {Integer.MIN_VALUE};
        Other saved = other;
        other = cqe -> res[0] = cqe.res();
        try {
            until(() -> res[0] != Integer.MIN_VALUE, 5_000, what);
        } finally {
            other = saved;
        }
        return res[0];
    }

    /** A pipe made through the ring: {read end, write end}. */
    public int[] pipe(Arena arena) {
        MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
        ring.nextSqe().pipe(fds).userData(1);
        assertEquals(0, call("pipe"));
        return new int[] {fds.getAtIndex(ValueLayout.JAVA_INT, 0), fds.getAtIndex(ValueLayout.JAVA_INT, 1)};
    }

    /** Writes all of {@code data} to {@code fd} through the ring. */
    public void write(int fd, MemorySegment data) {
        ring.nextSqe().write(fd, data).userData(2);
        assertEquals(data.byteSize(), call("write"));
    }

    /** Closes {@code fd} through the ring. */
    public void close(int fd) {
        ring.nextSqe().close(fd).userData(3);
        assertEquals(0, call("close"));
    }
}
