package io.uring4j.bench.channels;

import io.uring4j.bench.BenchFiles;
import io.uring4j.channels.UringAsynchronousFileChannel;
import io.uring4j.channels.UringFileChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
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
 * One 4 KiB random read of a page-cached file per operation, on one thread: the per-read cost and,
 * with {@code -prof gc}, the bytes allocated per read (steady state of the channels layer).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class ChannelReadBenchmark {
    private static final int BLOCK = 4096;
    private static final long SIZE = 64L << 20;

    @Param({"direct", "heap"})
    public String buffer;

    private UringFileChannel uring;
    private UringAsynchronousFileChannel uringAsync;
    private FileChannel jdk;
    private ByteBuffer buf;
    private final SplittableRandom random = new SplittableRandom(11);

    @Setup(Level.Trial)
    public void open() throws IOException {
        Path file = Path.of(System.getProperty("bench.dir", "/var/tmp"), "uring4j-channels-" + (SIZE >> 20) + "m.dat");
        BenchFiles.ensure(file, SIZE);
        BenchFiles.readAll(file);
        uring = UringFileChannel.open(file, StandardOpenOption.READ);
        uringAsync = UringAsynchronousFileChannel.open(file, StandardOpenOption.READ);
        jdk = FileChannel.open(file, StandardOpenOption.READ);
        buf = buffer.equals("direct") ? ByteBuffer.allocateDirect(BLOCK) : ByteBuffer.allocate(BLOCK);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        uring.close();
        uringAsync.close();
        jdk.close();
    }

    private long offset() {
        return random.nextLong(SIZE / BLOCK) * BLOCK;
    }

    @Benchmark
    public int uringFileChannel() throws IOException {
        buf.clear();
        return uring.read(buf, offset());
    }

    @Benchmark
    public int uringAsyncFuture() throws IOException, InterruptedException, ExecutionException {
        buf.clear();
        return uringAsync.read(buf, offset()).get();
    }

    @Benchmark
    public int jdkFileChannel() throws IOException {
        buf.clear();
        return jdk.read(buf, offset());
    }
}
