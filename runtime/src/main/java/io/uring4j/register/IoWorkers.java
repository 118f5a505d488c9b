package io.uring4j.register;

import io.uring4j.Ring;
import io.uring4j.UringException;
import io.uring4j.internal.RegisterCall;
import io.uring4j.kernel.flags.IoWqType;
import io.uring4j.kernel.flags.RegisterOp;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.BitSet;

/**
 * Settings of io-wq, the kernel worker threads that run requests which cannot complete inline
 * (blocking file I/O, for instance): how many workers each kind may have
 * ({@code REGISTER_IOWQ_MAX_WORKERS}) and which CPUs they may run on
 * ({@code REGISTER_IOWQ_AFF}). The pool belongs to the submitting thread, so the settings reach
 * the workers of threads that use the ring.
 *
 * <pre>{@code
 * IoWorkers.Limits before = IoWorkers.maxWorkers(ring, 4, 0);   // 4 bounded, unbounded unchanged
 * BitSet cpus = new BitSet();
 * cpus.set(0);
 * IoWorkers.affinity(ring, cpus);
 * }</pre>
 */
public final class IoWorkers {
    private IoWorkers() {}

    /**
     * Worker limits: for bounded work ({@link IoWqType#BOUND}, e.g. regular files) and unbounded
     * work ({@link IoWqType#UNBOUND}, e.g. sockets). 0 means "not set" or "unchanged".
     *
     * @param bounded the io-wq limit for bounded work (file I/O), 0 to leave it
     * @param unbounded the io-wq limit for unbounded work (sockets, pipes), 0 to leave it
     */
    public record Limits(int bounded, int unbounded) {}

    /**
     * Sets the maximum numbers of workers; 0 leaves a limit as it is.
     *
     * @param ring the ring; the calling thread must be allowed to submit or register on it
     * @param bounded the io-wq limit for bounded work (file I/O), 0 to leave it
     * @param unbounded the io-wq limit for unbounded work (sockets, pipes), 0 to leave it
     * @return the limits before the call, as the kernel reports them (both 0 when the calling
     *         thread has no worker pool yet, i.e. has not submitted to any ring)
     * @throws IllegalArgumentException when a limit is negative
     */
    public static Limits maxWorkers(Ring ring, int bounded, int unbounded) {
        RegisterCall call = RegisterCall.on(ring);
        if (bounded < 0 || unbounded < 0) {
            throw new IllegalArgumentException("bounded and unbounded must be >= 0 (0: unchanged); were "
                    + bounded + " and " + unbounded);
        }
        try (Arena arena = Arena.ofConfined()) {
            int count = Math.max(IoWqType.BOUND, IoWqType.UNBOUND) + 1;
            MemorySegment values = arena.allocate(ValueLayout.JAVA_INT, count);
            values.setAtIndex(ValueLayout.JAVA_INT, IoWqType.BOUND, bounded);
            values.setAtIndex(ValueLayout.JAVA_INT, IoWqType.UNBOUND, unbounded);
            call.run(RegisterOp.REGISTER_IOWQ_MAX_WORKERS, values, count);
            return new Limits(values.getAtIndex(ValueLayout.JAVA_INT, IoWqType.BOUND),
                    values.getAtIndex(ValueLayout.JAVA_INT, IoWqType.UNBOUND));
        }
    }

    /**
     * {@return the current limits, read by setting nothing}
     *
     * @param ring the ring; the calling thread must be allowed to submit or register on it
     */
    public static Limits maxWorkers(Ring ring) {
        return maxWorkers(ring, 0, 0);
    }

    /**
     * Restricts the workers to the CPUs set in {@code cpus} (bit n: CPU n). The kernel ignores
     * bits above its own CPU count, so a set naming only such CPUs is accepted and has no effect.
     *
     * @param ring the ring; the calling thread must be allowed to submit or register on it
     * @param cpus the CPUs the io-wq workers may run on
     * @throws IllegalArgumentException when {@code cpus} is null or empty
     * @throws UringException           EINVAL when a CPU is not allowed for this process, or the
     *                                  calling thread has no worker pool yet (submit first)
     */
    public static void affinity(Ring ring, BitSet cpus) {
        RegisterCall call = RegisterCall.on(ring);
        if (cpus == null || cpus.isEmpty()) {
            throw new IllegalArgumentException("cpus must name at least one CPU");
        }
        // The kernel reads a cpumask: an array of 64-bit words, CPU n at bit n % 64 of word n / 64,
        // which is the layout of BitSet.toLongArray().
        long[] words = cpus.toLongArray();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocateFrom(ValueLayout.JAVA_LONG, words);
            call.run(RegisterOp.REGISTER_IOWQ_AFF, mask, (int) mask.byteSize());
        }
    }

    /**
     * Lets the workers run on any CPU again ({@code UNREGISTER_IOWQ_AFF}).
     *
     * @param ring the ring; the calling thread must be allowed to submit or register on it
     */
    public static void clearAffinity(Ring ring) {
        RegisterCall.on(ring).run(RegisterOp.UNREGISTER_IOWQ_AFF, null, 0);
    }
}
