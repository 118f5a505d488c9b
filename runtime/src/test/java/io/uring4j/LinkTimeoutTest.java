package io.uring4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.SqeFlags;
import io.uring4j.kernel.structs.KernelTimespec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LinkTimeoutTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private static MemorySegment timespec(Arena arena, long nanos) {
        MemorySegment ts = arena.allocate(KernelTimespec.LAYOUT);
        KernelTimespec.tvSec(ts, 0, nanos / TimeUnit.SECONDS.toNanos(1));
        KernelTimespec.tvNsec(ts, 0, nanos % TimeUnit.SECONDS.toNanos(1));
        return ts;
    }

    /** Waits for {@code n} completions and returns res by user_data. */
    private static Map<Long, Integer> reap(Ring ring, int n) {
        Map<Long, Integer> res = new HashMap<>();
        while (res.size() < n) {
            assertTrue(ring.waitFor(1, 5_000 * MS) > 0, "completions owed: " + (n - res.size()));
            ring.drain(c -> res.put(c.userData(), c.res()));
        }
        return res;
    }

    @Test
    void linkTimeoutCancelsAReadThatNeverCompletes() {
        try (Ring ring = Ring.open(8); Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
            ring.nextSqe().pipe(fds).userData(1);
            ring.submitAndWait(1);
            assertEquals(0, UringException.check(ring.peek(), "pipe"));
            ring.seen();
            int readEnd = fds.getAtIndex(ValueLayout.JAVA_INT, 0);
            int writeEnd = fds.getAtIndex(ValueLayout.JAVA_INT, 1);

            MemorySegment buf = arena.allocate(16);
            ring.nextSqe().read(readEnd, buf).flags(SqeFlags.IO_LINK).userData(10);
            ring.nextSqe().linkTimeout(timespec(arena, 50 * MS)).userData(11);
            long start = System.nanoTime();
            assertEquals(2, ring.submit());
            Map<Long, Integer> res = reap(ring, 2);
            long elapsed = System.nanoTime() - start;
            assertEquals(-Errno.ECANCELED.value(), res.get(10L), "the read was cancelled by its link timeout");
            assertEquals(-Errno.ETIME.value(), res.get(11L), "the link timeout fired");
            assertTrue(elapsed >= 45 * MS, "cancelled after " + elapsed / MS + " ms, before the timeout");

            ring.nextSqe().close(readEnd).userData(20);
            ring.nextSqe().close(writeEnd).userData(21);
            ring.submit();
            Map<Long, Integer> closed = reap(ring, 2);
            assertEquals(0, closed.get(20L));
            assertEquals(0, closed.get(21L));
        }
    }

    @Test
    void linkTimeoutThatDoesNotFireIsCancelled() {
        try (Ring ring = Ring.open(8); Arena arena = Arena.ofConfined()) {
            ring.nextSqe().nop().flags(SqeFlags.IO_LINK).userData(30);
            ring.nextSqe().linkTimeout(timespec(arena, 5_000 * MS)).userData(31);
            long start = System.nanoTime();
            assertEquals(2, ring.submit());
            Map<Long, Integer> res = reap(ring, 2);
            long elapsed = System.nanoTime() - start;
            assertEquals(0, res.get(30L), "the NOP completed");
            assertEquals(-Errno.ECANCELED.value(), res.get(31L), "its timeout was cancelled");
            assertTrue(elapsed < 2_000 * MS, "took " + elapsed / MS + " ms: the timeout should not have run");
        }
    }

    @Test
    void brokenLinkCancelsTheRestOfTheChain() {
        try (Ring ring = Ring.open(8); Arena arena = Arena.ofConfined()) {
            ring.nextSqe().read(Integer.MAX_VALUE, arena.allocate(8)).flags(SqeFlags.IO_LINK).userData(40);
            ring.nextSqe().nop().userData(41);
            ring.submit();
            Map<Long, Integer> res = reap(ring, 2);
            assertEquals(-Errno.EBADF.value(), res.get(40L));
            assertEquals(-Errno.ECANCELED.value(), res.get(41L), "the linked NOP never ran");
        }
    }
}
