package io.uring4j.bench;

import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.RingOptions;
import io.uring4j.UringException;
import io.uring4j.kernel.flags.OpenFlags;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * 4 KiB random reads of a file in /dev/shm (tmpfs) with a constant number of reads in flight:
 * each completion is replaced by a new read at a random offset, and the replacements of one
 * reaping round go to the kernel in one io_uring_enter. Results are ns per read.
 *
 * <p>What the numbers include: on Linux 6.18 io_uring cannot read tmpfs files without blocking
 * (the io_uring_queue_async_work tracepoint fires for every read), so it hands every buffered
 * tmpfs read to an io-wq worker thread, and its completion comes back as task work that the
 * submitting thread runs when it next waits. At QD 1 each read is therefore a thread hand-off and a wake-up, not a memory copy: several
 * microseconds, and very sensitive to other load on the CPUs. fio's io_uring engine pays the
 * same. With {@code -p fs=pagecache} the file lives on the disk's file system instead (ext4
 * supports non-blocking buffered reads) and is read into the page cache first, so reads complete
 * inline during the submit and the QD 1 number shows the library's own cost.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ReadBenchmark {
    static final int BLOCK = 4096;
    static final long FILE_SIZE = 64L << 20;

    /** A ring with {@code depth} reads in flight over one tmpfs file. */
    @State(Scope.Thread)
    public abstract static class InFlight {
        private Ring ring;
        private Arena arena;
        private int fd;
        private MemorySegment[] slots;
        private final long[] offsets = new long[1 << 14];
        private int next;

        /** Where the file lives: {@code tmpfs} (/dev/shm) or {@code pagecache} (/var/tmp, read once beforehand). */
        @Param({"tmpfs"})
        public String fs;

        abstract int depth();

        @Setup
        public void open() throws IOException {
            Path file = switch (fs) {
                case "tmpfs" -> BenchFiles.SHM_FILE;
                case "pagecache" -> BenchFiles.DISK_FILE;
                default -> throw new IllegalArgumentException("fs must be tmpfs or pagecache; was " + fs);
            };
            BenchFiles.ensure(file, FILE_SIZE);
            if (file == BenchFiles.DISK_FILE) {
                BenchFiles.readAll(file);
            }
            arena = Arena.ofShared();
            ring = Ring.open(RingOptions.builder().entries(Math.max(depth(), 8)).build());
            fd = BenchFiles.open(ring, arena, file, OpenFlags.RDONLY);
            MemorySegment buffers = arena.allocate((long) BLOCK * depth(), BLOCK);
            // One slice per slot, made once: slicing per read would allocate on the hot path.
            slots = new MemorySegment[depth()];
            for (int slot = 0; slot < depth(); slot++) {
                slots[slot] = buffers.asSlice((long) slot * BLOCK, BLOCK);
            }
            SplittableRandom random = new SplittableRandom(42);
            for (int i = 0; i < offsets.length; i++) {
                offsets[i] = random.nextLong(FILE_SIZE / BLOCK) * BLOCK;
            }
            for (int slot = 0; slot < depth(); slot++) {
                queue(slot);
            }
            ring.submit();
        }

        @TearDown
        public void close() {
            ring.close();
            arena.close();
        }

        private void queue(int slot) {
            ring.nextSqe().read(fd, slots[slot], offsets[next++ & (offsets.length - 1)], 0, 0).userData(slot);
        }

        /** Completes {@code count} reads, refilling each, and returns a checksum of the results. */
        long complete(int count) {
            long sum = 0;
            int done = 0;
            while (done < count) {
                ring.submitAndWait(1);
                Cqe cqe;
                while (done < count && (cqe = ring.peek()) != null) {
                    int res = cqe.res();
                    int slot = (int) cqe.userData();
                    ring.seen();
                    if (res != BLOCK) {
                        UringException.check(res, "read");
                        throw new IllegalStateException("short read: " + res + " of " + BLOCK + " bytes");
                    }
                    sum += slot;
                    queue(slot);
                    done++;
                }
            }
            return sum;
        }
    }

    public static class Depth1 extends InFlight {
        @Override
        int depth() {
            return 1;
        }
    }

    public static class Depth32 extends InFlight {
        @Override
        int depth() {
            return 32;
        }
    }

    public static class Depth64 extends InFlight {
        @Override
        int depth() {
            return 64;
        }
    }

    @Benchmark
    @OperationsPerInvocation(64)
    public long qd1(Depth1 s) {
        return s.complete(64);
    }

    @Benchmark
    @OperationsPerInvocation(64)
    public long qd32(Depth32 s) {
        return s.complete(64);
    }

    @Benchmark
    @OperationsPerInvocation(64)
    public long qd64(Depth64 s) {
        return s.complete(64);
    }
}
