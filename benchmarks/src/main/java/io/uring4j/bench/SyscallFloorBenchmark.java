package io.uring4j.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of reaching the kernel from Java: one FFM downcall of libc's {@code getppid()}, a
 * system call that does almost nothing, in each way uring4j links its calls. Compare with
 * {@code native/syscall_floor.c} (the same call from C, through libc and as an inline
 * {@code syscall} instruction) on the same CPU: the difference is what any FFM library pays per
 * system call before doing any work, the floor under {@code NopBenchmark.batch1}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SyscallFloorBenchmark {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MemorySegment GETPPID = LINKER.defaultLookup().find("getppid").orElseThrow();
    private static final FunctionDescriptor INT = FunctionDescriptor.of(ValueLayout.JAVA_INT);
    private static final MethodHandle PLAIN = LINKER.downcallHandle(GETPPID, INT);
    private static final MethodHandle CRITICAL = LINKER.downcallHandle(GETPPID, INT, Linker.Option.critical(false));
    private static final MethodHandle CAPTURING = LINKER.downcallHandle(GETPPID, INT, Linker.Option.captureCallState("errno"));

    private Arena arena;
    private MemorySegment errno;

    @Setup(Level.Trial)
    public void open() {
        arena = Arena.ofShared(); // uring4j's capture segments live in the ring's shared arena
        errno = arena.allocate(Linker.Option.captureStateLayout());
    }

    @TearDown(Level.Trial)
    public void close() {
        arena.close();
    }

    /** A normal downcall: thread-state transitions around the call. */
    @Benchmark
    public int plain() throws Throwable {
        return (int) PLAIN.invokeExact();
    }

    /** A critical downcall: no thread-state transition (what uring4j's pure submit uses). */
    @Benchmark
    public int critical() throws Throwable {
        return (int) CRITICAL.invokeExact();
    }

    /** A downcall that captures errno into a shared arena's segment (uring4j's io_uring_enter). */
    @Benchmark
    public int capturing() throws Throwable {
        return (int) CAPTURING.invokeExact(errno);
    }
}
