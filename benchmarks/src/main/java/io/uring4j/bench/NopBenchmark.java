package io.uring4j.bench;

import io.uring4j.Cqe;
import io.uring4j.CompletionHandler;
import io.uring4j.Ring;
import io.uring4j.RingOptions;
import io.uring4j.SqeBatch;
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
 * NOP submit + reap, one io_uring_enter per batch: the cost of the library's own path. The ring
 * has the default flags (SINGLE_ISSUER | DEFER_TASKRUN | TASKRUN_FLAG | NO_SQARRAY | SUBMIT_ALL);
 * {@code -p ring=registered} (the default) also registers its fd ({@code registerRingFd()}), as
 * the C references {@code native/nop_raw.c} and {@code nop_bench.c like} do; {@code -p ring=default}
 * opens it with {@code Ring.open(256)}, the library's defaults as they are. Results are ns per
 * NOP; run with {@code -prof gc} to see {@code gc.alloc.rate.norm} (bytes per NOP, expected 0).
 * {@code -p path=batch} (the default) uses the bulk calls, what a program submitting N at once
 * would write: {@code ring.reserve(n)}, {@code batch.next(i).nop()} per NOP, and
 * {@code ring.drainTo(userData, res, flags)}; {@code -p path=perEntry} the per-entry calls:
 * {@code ring.nextSqe().nop().userData(i)} and {@code ring.drain(handler)};
 * {@code -p path=batchSubmit} the bulk submission with the per-entry {@code drain(handler)}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class NopBenchmark {
    /** {@code registered}: default flags plus a registered ring fd; {@code default}: {@code Ring.open(256)}. */
    @Param({"registered"})
    public String ring;

    /** {@code batch}: bulk submit and reap; {@code perEntry}: per-entry calls; {@code batchSubmit}: bulk submit, per-entry reap. */
    @Param({"batch"})
    public String path;

    private Ring r;
    private boolean bulkSubmit;
    private boolean bulkReap;
    private final long[] userData = new long[256];
    private final int[] res = new int[256];
    private final int[] flags = new int[256];
    private long sum;
    private final Reaper reaper = new Reaper();

    /** Sums the results so the reaping cannot be optimised away; a field, so no lambda per call. */
    static final class Reaper implements CompletionHandler {
        long sum;

        @Override
        public void onCompletion(Cqe cqe) {
            sum += cqe.res() + cqe.userData();
        }
    }

    @Setup
    public void open() {
        r = switch (ring) {
            case "registered" -> Ring.open(RingOptions.builder().entries(256).registerRingFd().build());
            case "default" -> Ring.open(256);
            default -> throw new IllegalArgumentException("ring must be registered or default; was " + ring);
        };
        switch (path) {
            case "batch" -> { bulkSubmit = true; bulkReap = true; }
            case "perEntry" -> { bulkSubmit = false; bulkReap = false; }
            case "batchSubmit" -> { bulkSubmit = true; bulkReap = false; }
            default -> throw new IllegalArgumentException("path must be batch, perEntry or batchSubmit; was " + path);
        }
    }

    @TearDown
    public void close() {
        r.close();
    }

    @Benchmark
    @OperationsPerInvocation(1)
    public long batch1() {
        return round(1);
    }

    @Benchmark
    @OperationsPerInvocation(4)
    public long batch4() {
        return round(4);
    }

    @Benchmark
    @OperationsPerInvocation(8)
    public long batch8() {
        return round(8);
    }

    @Benchmark
    @OperationsPerInvocation(16)
    public long batch16() {
        return round(16);
    }

    @Benchmark
    @OperationsPerInvocation(32)
    public long batch32() {
        return round(32);
    }

    @Benchmark
    @OperationsPerInvocation(64)
    public long batch64() {
        return round(64);
    }

    @Benchmark
    @OperationsPerInvocation(128)
    public long batch128() {
        return round(128);
    }

    @Benchmark
    @OperationsPerInvocation(256)
    public long batch256() {
        return round(256);
    }

    private long round(int n) {
        if (bulkSubmit) {
            SqeBatch batch = r.reserve(n);
            for (int i = 0; i < n; i++) {
                batch.next(i).nop();
            }
        } else {
            for (int i = 0; i < n; i++) {
                r.nextSqe().nop().userData(i);
            }
        }
        r.submitAndWait(n);
        int reaped;
        if (bulkReap) {
            reaped = r.drainTo(userData, res, flags);
            long s = sum;
            for (int i = 0; i < reaped; i++) {
                s += res[i] + userData[i];
            }
            sum = s;
        } else {
            reaped = r.drain(reaper);
            sum = reaper.sum;
        }
        if (reaped != n) {
            throw new IllegalStateException("reaped " + reaped + " of " + n + " NOPs");
        }
        return sum;
    }
}
