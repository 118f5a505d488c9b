package io.uring4j.net;

import io.uring4j.CompletionHandler;
import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.kernel.flags.MsgFlags;
import io.uring4j.register.BufferTable;
import io.uring4j.kernel.flags.SocketDomain;
import io.uring4j.kernel.flags.SocketType;
import io.uring4j.testsupport.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fan-out of one buffer to 8 loopback peers, the peers' receives queued on the same ring,
 * allocates nothing in steady state (the loop FanOutBenchmark measures with {@code -prof gc}).
 */
class FanOutAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int TARGETS = 8;
    private static final int BATCH = 1_000;
    private static final int MAX_BATCHES = 120;
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long RECV_TAG = 1L << 40;

    private final int[] senders = new int[TARGETS];
    private final int[] receivers = new int[TARGETS];
    private final MemorySegment[] scratch = new MemorySegment[TARGETS];
    private Arena arena;
    private FanOut fan;
    private int size;
    private int received;
    private final CompletionHandler route = this::route;

    @BeforeEach
    void connect() {
        arena = Arena.ofConfined();
        int listener = Libc.socket(SocketDomain.INET, SocketType.STREAM | SocketType.CLOEXEC, 0);
        assertEquals(0, Libc.bind(listener, SocketAddresses.allocate(arena,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))));
        assertEquals(0, Libc.listen(listener, TARGETS));
        MemorySegment to = SocketAddresses.allocate(arena, SocketAddresses.localAddress(listener));
        for (int i = 0; i < TARGETS; i++) {
            receivers[i] = Libc.socket(SocketDomain.INET, SocketType.STREAM | SocketType.CLOEXEC, 0);
            assertEquals(0, Libc.connect(receivers[i], to));
            senders[i] = Libc.accept4(listener, SocketType.CLOEXEC);
            assertTrue(senders[i] >= 0);
        }
        Libc.close(listener);
    }

    @AfterEach
    void close() {
        for (int i = 0; i < TARGETS; i++) {
            Libc.close(senders[i]);
            Libc.close(receivers[i]);
        }
        arena.close();
    }

    /**
     * Fan-outs run in batches of {@value #BATCH}; {@link AllocationBatches#ZERO_BATCHES} of them
     * must allocate nothing at all (before the JIT has compiled every path the loop takes,
     * interpreted FFM downcalls allocate a 40-byte capture-state slice). A fan-out that
     * allocated on every call could not produce one such batch.
     */
    @ParameterizedTest
    @CsvSource({"1024,false", "32768,false", "1024,true", "32768,true"})
    void steadyStateFanOutAllocatesNothing(int bytes, boolean registered) {
        size = bytes;
        try (Ring ring = Ring.open(64); BufferTable table = BufferTable.register(ring, 1, size)) {
            fan = new FanOut(TARGETS, 16 * 1024, 7);
            MemorySegment buf = registered ? table.buffer(0) : arena.allocate(size, 4096);
            buf.fill((byte) 'x');
            for (int i = 0; i < TARGETS; i++) {
                scratch[i] = arena.allocate(size);
            }
            String what = size + "-byte fan-outs to " + TARGETS + " peers (registered " + registered + ")";
            AllocationBatches.assertSomeBatchesAllocateNothing(what, MAX_BATCHES, () -> batch(ring, table, buf, registered));
        }
    }

    private long batch(Ring ring, BufferTable table, MemorySegment buf, boolean registered) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < BATCH; i++) {
            if (registered) {
                fan.sendRegistered(ring, table, 0, buf, senders, TARGETS);
            } else {
                fan.send(ring, buf, senders, TARGETS);
            }
            reap(ring);
        }
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    private void reap(Ring ring) {
        for (int i = 0; i < TARGETS; i++) {
            ring.nextSqe().recv(receivers[i], scratch[i], MsgFlags.WAITALL, 0).userData(RECV_TAG | i);
        }
        received = 0;
        ring.submit();
        while (fan.isBusy() || received < TARGETS) {
            if (ring.waitFor(1, WAIT_NANOS) <= 0) {
                throw new AssertionError("no completion within 5 s");
            }
            ring.drain(route);
        }
        if (fan.failed() != 0) {
            throw new AssertionError(fan.failed() + " sends failed");
        }
    }

    private void route(Cqe cqe) {
        if (!fan.onCompletion(cqe)) {
            if (cqe.res() != size) {
                throw new AssertionError("a peer read " + cqe.res() + " of " + size + " bytes");
            }
            received++;
        }
    }
}
