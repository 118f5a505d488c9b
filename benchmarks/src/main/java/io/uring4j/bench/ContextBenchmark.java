package io.uring4j.bench;

import io.uring4j.context.ContextPool;
import io.uring4j.context.DirectUserData;
import io.uring4j.context.Resolution;
import io.uring4j.kernel.Opcode;
import io.uring4j.kernel.flags.SqeFlags;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of giving a request its identity: packing and unpacking a direct {@code user_data}
 * ({@link DirectUserData}) and a full {@link ContextPool} cycle (acquire, resolve on the
 * completion, release). Inputs come from fields that change each call, so nothing is folded into
 * a constant. ns per call; run with {@code -prof gc} to see that none of it allocates.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ContextBenchmark {
    private static final int READ = Opcode.READ.value();

    private int fd = 3;
    private int group;
    private long packed;
    private ContextPool pool;
    private long liveToken;
    private long staleToken;

    @Setup
    public void setUp() {
        packed = DirectUserData.pack(Opcode.RECV, SqeFlags.BUFFER_SELECT, 7, 42);
        pool = new ContextPool(1024, 2);
        staleToken = pool.acquire();
        pool.release(staleToken);
        liveToken = pool.acquire();
    }

    /** Packs opcode, SQE flags, buffer group and fd into one long. */
    @Benchmark
    public long directPack() {
        int f = fd++;
        group = (group + 1) & 0xFFFF;
        return DirectUserData.pack(READ, SqeFlags.IO_LINK, group, f);
    }

    /** Reads all four fields back out of a direct value, as a completion handler would. */
    @Benchmark
    public long directUnpack() {
        long ud = packed++;
        return DirectUserData.isDirect(ud)
                ? DirectUserData.opcode(ud) + DirectUserData.sqeFlags(ud) + DirectUserData.bufferGroup(ud)
                        + (long) DirectUserData.fd(ud)
                : 0;
    }

    /** One request's life in the pool: acquire a slot, set a long, resolve its token, release it. */
    @Benchmark
    public long poolCycle() {
        long token = pool.acquire();
        int slot = pool.resolve(token);
        pool.set(slot, 0, token);
        long value = pool.get(slot, 0);
        pool.release(token);
        return value + slot;
    }

    /** Resolving a live token (the per-completion cost of extended mode). */
    @Benchmark
    public int poolResolve() {
        return pool.resolve(liveToken);
    }

    /** Resolving a stale token: the generation check rejects it. */
    @Benchmark
    public int poolResolveStale() {
        int r = pool.resolve(staleToken);
        return r == Resolution.STALE ? 1 : r;
    }
}
