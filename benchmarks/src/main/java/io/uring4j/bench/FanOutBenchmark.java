package io.uring4j.bench;

import io.uring4j.CompletionHandler;
import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.UringException;
import io.uring4j.kernel.flags.MsgFlags;
import io.uring4j.kernel.flags.SocketType;
import io.uring4j.net.FanOut;
import io.uring4j.net.SocketAddresses;
import io.uring4j.net.SocketProtocol;
import io.uring4j.register.BufferTable;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A {@link FanOut} of one buffer to {@link #TARGETS} loopback TCP peers, plain below the 16 KiB
 * threshold and zero-copy above, each op waiting until the buffer is free again (results and
 * notifications) and the peers have read every byte; {@code registered} sends from a slot of a
 * {@link BufferTable} ({@code SEND_ZC} with {@code RECVSEND_FIXED_BUF} above the threshold).
 * With {@code -prof gc}, {@code gc.alloc.rate.norm} is the bytes allocated per fan-out of
 * {@link #TARGETS} sends. The warm-up is long on purpose: the loop's rarer paths (a flush of
 * deferred completions, a wait that sleeps) run interpreted FFM downcalls, which allocate a
 * 40-byte capture-state slice per call, until the JIT has compiled them too.
 *
 * <p>Reading the figure: the profiler counts every thread, the harness's own included, about
 * 7 KB per iteration, which an op of ~50 µs turns into ~0.33 B/op at 1 s iterations and ~0.07
 * B/op at 5 s ({@link AllocationFloorBenchmark}, which allocates nothing, shows the same); and
 * the last iteration includes this class's trial tear-down (closing sockets and the ring). The
 * fan-out itself allocates 0 B: {@code FanOutAllocationTest} measures its thread alone.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class FanOutBenchmark {
    static final int TARGETS = 8;
    static final long THRESHOLD = 16 * 1024;
    static final long RECV_TAG = 1L << 40;

    @Param({"1024", "32768"})
    public int size;

    @Param({"false", "true"})
    public boolean registered;

    Ring ring;
    Arena arena;
    FanOut fan;
    BufferTable table;
    MemorySegment buf;
    MemorySegment[] scratch = new MemorySegment[TARGETS];
    final int[] senders = new int[TARGETS];
    final int[] receivers = new int[TARGETS];
    int received;
    final CompletionHandler route = this::route;

    @Setup(Level.Trial)
    public void connect() {
        arena = Arena.ofShared();
        ring = Ring.open(64);
        fan = new FanOut(TARGETS, THRESHOLD, 7);
        table = BufferTable.register(ring, 1, size);
        buf = registered ? table.buffer(0) : arena.allocate(size, 4096);
        buf.fill((byte) 'x');
        int listener = call(SocketProtocol.TCP4.prepare(ring.nextSqe(), SocketType.CLOEXEC), "socket");
        call(ring.nextSqe().bind(listener, SocketAddresses.allocate(arena,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))), "bind");
        call(ring.nextSqe().listen(listener, TARGETS), "listen");
        MemorySegment to = SocketAddresses.allocate(arena, SocketAddresses.localAddress(listener));
        for (int i = 0; i < TARGETS; i++) {
            receivers[i] = call(SocketProtocol.TCP4.prepare(ring.nextSqe(), SocketType.CLOEXEC), "socket");
            call(ring.nextSqe().connect(receivers[i], to), "connect");
            senders[i] = call(ring.nextSqe().accept(listener), "accept");
            scratch[i] = arena.allocate(size);
        }
        call(ring.nextSqe().close(listener), "close");
    }

    @Benchmark
    public int fanOut() {
        if (registered) {
            fan.sendRegistered(ring, table, 0, buf, senders, TARGETS);
        } else {
            fan.send(ring, buf, senders, TARGETS);
        }
        for (int i = 0; i < TARGETS; i++) {
            ring.nextSqe().recv(receivers[i], scratch[i], MsgFlags.WAITALL, 0).userData(RECV_TAG | i);
        }
        received = 0;
        ring.submit();
        while (fan.isBusy() || received < TARGETS) {
            ring.waitFor(1);
            ring.drain(route);
        }
        return fan.failed();
    }

    private void route(Cqe cqe) {
        if (!fan.onCompletion(cqe)) {
            if (cqe.res() != size) {
                throw new IllegalStateException("a peer read " + cqe.res() + " of " + size + " bytes");
            }
            received++;
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        for (int i = 0; i < TARGETS; i++) {
            call(ring.nextSqe().close(senders[i]), "close");
            call(ring.nextSqe().close(receivers[i]), "close");
        }
        table.close();
        ring.close();
        arena.close();
    }

    private int call(io.uring4j.Sqe sqe, String what) {
        sqe.userData(0);
        return ring.submitAndCheck(sqe, what);
    }
}
