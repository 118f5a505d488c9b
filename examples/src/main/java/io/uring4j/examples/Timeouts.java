package io.uring4j.examples;

import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.OpenFlags;
import io.uring4j.kernel.flags.SqeFlags;
import io.uring4j.kernel.structs.KernelTimespec;
import io.uring4j.os.PipeFds;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Two ways to bound time on a ring: a {@code TIMEOUT} request that completes with {@code -ETIME}
 * after a delay, and a {@code LINK_TIMEOUT} linked behind a read of an empty pipe, which cancels
 * the read ({@code -ECANCELED}) when nothing arrives in time.
 */
public final class Timeouts {
    private Timeouts() {}

    /** Runs both with {@code millis}; prints one line each; returns the two results. */
    public static int[] run(long millis, PrintStream out) {
        try (Ring ring = Ring.open(8); Arena arena = Arena.ofConfined()) {
            MemorySegment ts = arena.allocate(KernelTimespec.LAYOUT);
            KernelTimespec.tvSec(ts, 0, millis / 1000);
            KernelTimespec.tvNsec(ts, 0, (millis % 1000) * 1_000_000);

            long start = System.nanoTime();
            ring.nextSqe().timeout(ts).userData(1);
            ring.submitAndWait(1);
            int timeoutRes = ring.peek().res();
            ring.seen();
            out.printf("timeout      %s after %d ms%n", Errno.nameOf(-timeoutRes), (System.nanoTime() - start) / 1_000_000);

            PipeFds pipe = PipeFds.allocate(arena);
            ring.submitAndCheck(ring.nextSqe().pipe(pipe.segment(), OpenFlags.CLOEXEC), "pipe");
            MemorySegment buf = arena.allocate(64);
            start = System.nanoTime();
            ring.nextSqe().read(pipe.readEnd(), buf, -1, 0, 0).flags(SqeFlags.IO_LINK).userData(2); // nobody writes
            ring.nextSqe().linkTimeout(ts).userData(3);
            ring.submitAndWait(2);
            int readRes = 0;
            for (int i = 0; i < 2; i++) {
                Cqe cqe = ring.peek();
                if (cqe.userData() == 2) {
                    readRes = cqe.res();
                }
                ring.seen();
            }
            out.printf("linked read  %s after %d ms%n", Errno.nameOf(-readRes), (System.nanoTime() - start) / 1_000_000);
            ring.nextSqe().close(pipe.readEnd()).flags(SqeFlags.CQE_SKIP_SUCCESS).userData(4);
            ring.nextSqe().close(pipe.writeEnd()).flags(SqeFlags.CQE_SKIP_SUCCESS).userData(5);
            ring.submit();
            return new int[] {timeoutRes, readRes};
        }
    }
}
