package io.uring4j.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The control for slow operations under {@code -prof gc}: an operation that allocates nothing
 * (it only burns CPU) but takes tens of microseconds, like a {@link FanOutBenchmark} op. The
 * profiler counts every thread's allocation, the harness's own included, so a slow op shows a
 * small per-op figure that is really bytes per second of the harness; compare
 * {@code gc.alloc.rate} (MB/sec), which is the same for both when the measured op allocates nothing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class AllocationFloorBenchmark {
    @Param({"25000"})
    public long tokens;

    @Benchmark
    public void burn() {
        Blackhole.consumeCPU(tokens);
    }
}
