package io.uring4j.bench.channels;

import io.uring4j.bench.BenchFiles;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import jdk.management.VirtualThreadSchedulerMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * 4 KiB random reads from N virtual threads for a fixed time, per channel implementation: IOPS,
 * process CPU per read (/proc/self/stat over the measured interval), and the threads the process
 * used (JVM platform threads and carriers, and OS threads including io_uring workers). One
 * iteration is one timed run; JMH reports each secondary figure as the mean over iterations, and
 * the per-iteration values are printed as RESULT lines for medians and ranges.
 *
 * <p>Run: {@code java -jar benchmarks.jar ChannelScaleBenchmark -p threads=1000 -p mode=direct}.
 * The first iteration of each trial is the warm-up and runs {@code warmupSeconds}.
 * The cached file (256 MiB) lives in /var/tmp and is read once so its pages are cached; the direct
 * file (1 GiB) is read with O_DIRECT from the disk.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@State(Scope.Benchmark)
public class ChannelScaleBenchmark {
    private static final int BLOCK = 4096;

    @Param({"uring", "jdk", "jdkAsync"})
    public String impl;

    @Param({"1", "64", "1000", "10000"})
    public int threads;

    @Param({"cached", "direct"})
    public String mode;

    @Param({"3"})
    public int seconds;

    /**
     * Length of the first (warm-up) iteration: a fresh JVM's first seconds are JIT compilation,
     * and uring4j's FFM path takes C2 longer than the JDK's JNI one (CPU per read falls over
     * successive 1 s iterations, 2.72, 1.78, 1.54, 1.47 us), so a 1 s warm-up measured the JIT.
     */
    @Param({"3"})
    public int warmupSeconds;

    private ReadTarget target;
    private boolean warmedUp;
    private long blocks;
    private volatile boolean stop;

    /** The figures of one run, reported by JMH as secondary results. */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Figures {
        public double iops;
        public double cpuMicrosPerRead;
        /** Most JVM platform threads alive at once during the run, minus those alive before it. */
        public double addedPlatformThreads;
        /** Largest virtual-thread carrier pool seen during the run. */
        public double carrierPool;
        /** Most JVM platform threads alive at once during the run (JMH's and the JVM's service threads included). */
        public double jvmThreads;
        /** Most OS threads of the process at once (JVM, GC, JIT, io_uring workers). */
        public double osThreads;

        @Setup(Level.Iteration)
        public void clear() {
            iops = cpuMicrosPerRead = addedPlatformThreads = carrierPool = jvmThreads = osThreads = 0;
        }
    }

    @Setup(Level.Trial)
    public void open() throws IOException {
        boolean direct = mode.equals("direct");
        long size = direct ? 1L << 30 : 256L << 20;
        Path file = Path.of(System.getProperty("bench.dir", "/var/tmp"), "uring4j-channels-" + (size >> 20) + "m.dat");
        BenchFiles.ensure(file, size);
        if (!direct) {
            BenchFiles.readAll(file);
        }
        blocks = size / BLOCK;
        target = ReadTarget.open(impl, file, direct);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        target.close();
    }

    @Benchmark
    public void randomReads(Figures figures) throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        VirtualThreadSchedulerMXBean scheduler = ManagementFactory.getPlatformMXBean(VirtualThreadSchedulerMXBean.class);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch ready = new CountDownLatch(threads);
        LongAdder reads = new LongAdder();
        LongAdder errors = new LongAdder();
        stop = false;
        List<Thread> workers = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++) {
            long seed = 0x5DEECE66DL * (i + 1);
            workers.add(Thread.ofVirtual().start(() -> {
                ByteBuffer buf = ByteBuffer.allocateDirect(2 * BLOCK).alignedSlice(BLOCK);
                SplittableRandom random = new SplittableRandom(seed);
                long done = 0;
                ready.countDown();
                try {
                    go.await();
                    while (!stop) {
                        buf.clear();
                        target.read(buf, random.nextLong(blocks) * BLOCK);
                        done++;
                    }
                } catch (Exception e) {
                    errors.increment();
                }
                reads.add(done);
            }));
        }
        ready.await();
        int baseThreads = mx.getThreadCount();
        int baseOs = ProcessCpu.osThreads();
        mx.resetPeakThreadCount();
        long cpu0 = ProcessCpu.nanos();
        long t0 = System.nanoTime();
        go.countDown();
        int pool = scheduler.getPoolSize();
        int os = baseOs;
        long end = t0 + TimeUnit.SECONDS.toNanos(warmedUp ? seconds : warmupSeconds);
        warmedUp = true;
        while (System.nanoTime() < end) {
            Thread.sleep(20);
            pool = Math.max(pool, scheduler.getPoolSize());
            os = Math.max(os, ProcessCpu.osThreads());
        }
        stop = true;
        long t1 = System.nanoTime();
        long cpu1 = ProcessCpu.nanos();
        int peak = mx.getPeakThreadCount();
        for (Thread w : workers) {
            w.join();
        }
        if (errors.sum() > 0) {
            throw new IllegalStateException(errors.sum() + " workers failed");
        }
        long n = reads.sum();
        double secs = (t1 - t0) / 1e9;
        figures.iops = n / secs;
        figures.cpuMicrosPerRead = (cpu1 - cpu0) / 1e3 / n;
        figures.addedPlatformThreads = peak - baseThreads;
        figures.carrierPool = pool;
        figures.jvmThreads = peak;
        figures.osThreads = os;
        System.out.printf("%nRESULT impl=%s threads=%d mode=%s iops=%.0f cpuUsPerRead=%.3f addedPlatformThreads=%d carrierPool=%d jvmThreads=%d osThreads=%d%n",
                impl, threads, mode, figures.iops, figures.cpuMicrosPerRead, peak - baseThreads, pool, peak, os);
    }
}
