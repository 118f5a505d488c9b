package io.uring4j.bench;

import io.uring4j.Cqe;
import io.uring4j.CompletionHandler;
import io.uring4j.Ring;
import io.uring4j.RingOptions;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * NOP submit + reap on the default ring (SINGLE_ISSUER | DEFER_TASKRUN), one io_uring_enter per
 * batch: the cost of the library's own path. Results are ns per NOP; run with {@code -prof gc}
 * to see {@code gc.alloc.rate.norm} (bytes per NOP, expected 0).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class NopBenchmark {
    private Ring ring;
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
        ring = Ring.open(RingOptions.builder().entries(256).build());
    }

    @TearDown
    public void close() {
        ring.close();
    }

    @Benchmark
    @OperationsPerInvocation(1)
    public long batch1() {
        return round(1);
    }

    @Benchmark
    @OperationsPerInvocation(8)
    public long batch8() {
        return round(8);
    }

    @Benchmark
    @OperationsPerInvocation(32)
    public long batch32() {
        return round(32);
    }

    @Benchmark
    @OperationsPerInvocation(128)
    public long batch128() {
        return round(128);
    }

    private long round(int n) {
        for (int i = 0; i < n; i++) {
            ring.nextSqe().nop().userData(i);
        }
        ring.submitAndWait(n);
        int reaped = ring.drain(reaper);
        if (reaped != n) {
            throw new IllegalStateException("reaped " + reaped + " of " + n + " NOPs");
        }
        return reaper.sum;
    }
}
