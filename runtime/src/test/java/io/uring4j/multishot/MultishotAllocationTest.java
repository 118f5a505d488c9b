package io.uring4j.multishot;

import io.uring4j.CompletionHandler;
import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.buffers.BufferRing;
import io.uring4j.context.DirectUserData;
import io.uring4j.kernel.Opcode;
import io.uring4j.testsupport.SocketPair;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


/** Dispatching multishot completions (recv into provided buffers, timer periods) allocates nothing in steady state. */
class MultishotAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final long SLACK_BYTES = 4096;
    private static final int ROUNDS = 20_000;
    private static final long WRITE = DirectUserData.pack(Opcode.WRITE, 0, 0, 0);

    private BufferRing buffers;
    private Multishots multishots;
    private long bytes;
    private long ticks;
    private boolean writing;

    private final MultishotHandler recv = new MultishotHandler() {
        @Override
        public void onCompletion(Multishot sub, Cqe cqe) {
            int bid = cqe.bufferId();
            buffers.consume(cqe);
            bytes += cqe.res();
            buffers.recycle(bid);
        }

        @Override
        public void onEnd(Multishot sub, MultishotEnd end, int res) {
            throw new AssertionError("the receive ended: " + end + " " + res);
        }
    };

    private final MultishotHandler timer = new MultishotHandler() {
        @Override
        public void onCompletion(Multishot sub, Cqe cqe) {
            ticks++;
        }

        @Override
        public void onEnd(Multishot sub, MultishotEnd end, int res) {
            throw new AssertionError("the timer ended: " + end + " " + res);
        }
    };

    private final CompletionHandler route = cqe -> {
        if (multishots.dispatch(cqe) == DispatchResult.NOT_OURS) {
            assertEquals(WRITE, cqe.userData());
            writing = false;
        }
    };

    /** Writes {@code rounds} chunks into the pair and dispatches until all arrived. */
    private void run(Ring ring, SocketPair pair, MemorySegment chunk, int rounds) {
        long target = bytes + (long) rounds * chunk.byteSize();
        while (bytes < target) {
            if (!writing) {
                ring.nextSqe().write(pair.peer, chunk).userData(WRITE);
                writing = true;
            }
            ring.submit();
            if (ring.drain(route) == 0) {
                assertTrue(ring.waitFor(1, TimeUnit.SECONDS.toNanos(5)) > 0, "no completion within 5 s");
            }
        }
    }

    @Test
    void dispatchDoesNotAllocate() {
        try (Ring ring = Ring.open(64); Arena arena = Arena.ofConfined(); SocketPair pair = SocketPair.open();
                BufferRing b = BufferRing.register(ring, 8, 16, 256)) {
            buffers = b;
            multishots = new Multishots(ring, 4);
            MemorySegment chunk = arena.allocate(64);
            MemorySegment period = MultishotTimeoutTest.period(arena, TimeUnit.MICROSECONDS.toNanos(50));
            multishots.recv(pair.local, b.groupId(), recv);
            multishots.timeout(period, 0, 0, timer);
            for (int warm = 0; warm < 5; warm++) {
                run(ring, pair, chunk, ROUNDS);
            }
            long ticksBefore = ticks;
            long before = THREADS.getCurrentThreadAllocatedBytes();
            run(ring, pair, chunk, ROUNDS);
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            long ticked = ticks - ticksBefore;
            assertTrue(ticked > 0, "the timer fired during the measurement");
            assertTrue(allocated < SLACK_BYTES, allocated + " bytes allocated while dispatching " + ROUNDS
                    + " receives and " + ticked + " timer periods");
        }
    }
}
