package io.uring4j.bench;

import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.UringException;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.NopFlags;
import io.uring4j.kernel.flags.OpenFlags;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding a completion: the {@link Cqe} getters over real CQEs left unread at the head of a
 * ring's CQ — a buffer-select read (res, flags, {@code F_BUFFER} and its buffer id) and a NOP
 * whose result was injected as {@code -EAGAIN} (errno decoding). The view stays on its entry
 * because nothing marks it seen until tear-down. ns per decode; with {@code -prof gc} it shows
 * that decoding, the {@link Errno} lookup included, allocates nothing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class CqeBenchmark {
    static final Path FILE = Path.of("/dev/shm/uring4j-bench-cqe.dat");
    static final int BUFFER = 4096;
    static final int GROUP = 1;
    static final int FIRST_ID = 5;

    /** A ring whose oldest completion is a successful read that used provided buffer {@link #FIRST_ID}. */
    @State(Scope.Thread)
    public static class BufferRead {
        Ring ring;
        Arena arena;
        int fd;
        Cqe cqe;

        @Setup
        public void open() throws IOException {
            BenchFiles.ensure(FILE, 4L * BUFFER);
            arena = Arena.ofShared();
            ring = Ring.open(8);
            fd = BenchFiles.open(ring, arena, FILE, OpenFlags.RDONLY);
            MemorySegment buffers = arena.allocate(4L * BUFFER, BUFFER);
            ring.nextSqe().provideBuffers(buffers, BUFFER, 4, GROUP, FIRST_ID).userData(1);
            ring.submitAndWait(1);
            UringException.check(ring.peek(), "provide buffers");
            ring.seen();
            ring.nextSqe().readBufferSelect(fd, GROUP, BUFFER, 0, 0, 0).userData(2);
            ring.submitAndWait(1);
            cqe = ring.peek();
            if (cqe.res() != BUFFER || !cqe.isBuffer() || cqe.bufferId() != FIRST_ID) {
                throw new IllegalStateException("unexpected completion: res " + cqe.res() + ", flags " + cqe.flags());
            }
        }

        @TearDown
        public void close() {
            ring.seen();
            ring.nextSqe().close(fd).userData(3);
            ring.submitAndWait(1);
            ring.close();
            arena.close();
        }
    }

    /** A ring whose oldest completion is a NOP with the injected result {@code -EAGAIN}. */
    @State(Scope.Thread)
    public static class Failed {
        Ring ring;
        Cqe cqe;

        @Setup
        public void open() {
            ring = Ring.open(8);
            ring.nextSqe().nop(NopFlags.INJECT_RESULT, -Errno.EAGAIN.value(), -1, 0, 0, 0).userData(4);
            ring.submitAndWait(1);
            cqe = ring.peek();
            if (cqe.errno() != Errno.EAGAIN) {
                throw new IllegalStateException("unexpected completion: res " + cqe.res());
            }
        }

        @TearDown
        public void close() {
            ring.close();
        }
    }

    /** user_data, res and flags, as every completion handler reads them. */
    @Benchmark
    public long fields(BufferRead s) {
        Cqe c = s.cqe;
        return c.userData() + c.res() + c.flags();
    }

    /** The flag tests a multishot / buffer-select handler makes. */
    @Benchmark
    public int flagTests(BufferRead s) {
        Cqe c = s.cqe;
        return (c.isMore() ? 1 : 0) + (c.isBuffer() ? 2 : 0) + (c.isNotif() ? 4 : 0) + (c.isSockNonempty() ? 8 : 0);
    }

    /** The provided-buffer id, guarded by the BUFFER flag. */
    @Benchmark
    public int bufferId(BufferRead s) {
        Cqe c = s.cqe;
        return c.isBuffer() ? c.bufferId() : -1;
    }

    /** errno() on a success: the common case, which must stay a compare. */
    @Benchmark
    public Errno errnoOnSuccess(BufferRead s) {
        return s.cqe.errno();
    }

    /** errno() on a failure: the lookup of the typed {@link Errno}. */
    @Benchmark
    public Errno errnoOnFailure(Failed s) {
        return s.cqe.errno();
    }
}
