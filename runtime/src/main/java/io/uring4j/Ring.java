package io.uring4j;

import io.uring4j.internal.RegisterCall;
import io.uring4j.internal.RingAccess;
import io.uring4j.internal.RingMapping;
import io.uring4j.kernel.flags.SetupFlags;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * An io_uring instance: the submission queue (SQ), the completion queue (CQ) and the fd that
 * owns them, opened with {@link #open(RingOptions)} and released by {@link #close()}.
 *
 * <p>Submitting: {@link #nextSqe()} hands out the reusable {@link Sqe} view over the next free
 * slot (submitting queued entries first when the SQ is full); fill it with a prep method, then
 * {@link #submit()} hands everything queued to the kernel in one system call. Reaping:
 * {@link #peek()} gives the reusable {@link Cqe} view over the oldest completion (or null),
 * {@link #seen()} releases it; {@link #drain(CompletionHandler)} does both for every completion
 * ready; {@link #waitFor(int)} blocks until completions arrive. For one request at a time,
 * {@link #submitAndCheck(Sqe)} submits, waits and returns its checked result. For many entries
 * at once, {@link #reserve(int)} takes N slots with one check ({@link SqeBatch}) and
 * {@link #drainTo(long[], int[], int[])} copies the ready completions into arrays: the same
 * work with the per-entry checks made once per batch. None of these allocate.
 *
 * <p>Threads: by default the ring is single-issuer — the opening thread is its owner and the
 * only thread allowed to submit, reap or wait (others get an {@link IllegalStateException}).
 * With {@link RingOptions.Builder#multiIssuer()} any thread may submit while holding
 * {@link #submitLock()}; completions are still read by one thread at a time, which the caller
 * arranges. {@link #close()} may be called from any thread.
 *
 * <p>This class is the facade and owns the thread policy; the parts are package-private:
 * {@code SubmissionQueue}, {@code CompletionQueue}, {@code RingEnter} (the system calls and
 * waits), {@code RingSetup} (setup and mapping), {@code RingControl} (resize, enable, close). Its public methods are declared by concern in
 * package-private bases it extends: {@code RingState} (properties, thread policy),
 * {@code RingSubmission} and {@code RingCompletion}.
 */
public final class Ring extends RingCompletion implements AutoCloseable {
    static {
        new RingInternals(); // installs itself as the RingAccess of the other packages
    }

    Ring(int fd, MemorySegment params, RingOptions options, Arena arena, RingMapping mapping, MemorySegment errno) {
        super(fd, params, options, arena, mapping, errno);
    }

    /**
     * Opens a ring with the default options and {@code entries} SQ entries.
     *
     * @param entries SQ entries, a power of two
     * @return the open ring, owned by the calling thread
     */
    public static Ring open(int entries) {
        return open(RingOptions.ofEntries(entries));
    }

    /**
     * Sets up a ring: io_uring_setup(2), then maps its memory.
     *
     * @param options the ring's size, flags and thread mode
     * @return the open ring, owned by the calling thread unless multi-issuer
     * @throws IllegalStateException when a single-issuer ring is opened on a virtual thread, or
     *                               {@code attachWq} names a closed ring
     * @throws UringException        when the kernel refuses; the message says what to do
     */
    public static Ring open(RingOptions options) {
        return RingSetup.open(options);
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Resizes the SQ and CQ ({@code REGISTER_RESIZE_RINGS}, Linux 6.13): the kernel moves
     * unreaped completions and in-flight requests to the new rings, nothing is lost. The
     * {@link Sqe} and {@link Cqe} views from before are invalid afterwards (using one throws).
     * The kernel allows this only on a {@code DEFER_TASKRUN} ring (the default).
     *
     * @param sqEntries new SQ size, a power of two from 1 to {@link io.uring4j.kernel.flags.RingLimits#MAX_ENTRIES}
     * @param cqEntries new CQ size: 0 for twice {@code sqEntries}, else a power of two from
     *                  {@code sqEntries} to {@link io.uring4j.kernel.flags.RingLimits#MAX_CQ_ENTRIES}, and
     *                  at least the number of completions now waiting
     * @throws IllegalStateException when SQEs are queued but not submitted, or the ring is not DEFER_TASKRUN
     * @throws UringException        when the kernel refuses
     */
    public void resize(int sqEntries, int cqEntries) {
        checkConsumer();
        control.resize(sqEntries, cqEntries);
    }

    /**
     * Enables a ring opened with {@link RingOptions.Builder#disabled()} ({@code REGISTER_ENABLE_RINGS}).
     *
     * @throws IllegalStateException when the ring is already enabled
     */
    public void enable() {
        checkConsumer();
        control.enable();
    }

    /**
     * The probe of this kernel's opcodes ({@code REGISTER_PROBE}). Allocates; not for the hot path.
     *
     * @return the opcodes this kernel supports
     * @throws IllegalStateException after close, or on a thread other than a single-issuer ring's owner
     */
    public Probe probe() {
        return Probe.read(RegisterCall.on(this));
    }

    /**
     * Releases the ring and everything registered with it, each exactly once: the ring's arena,
     * the ring fd registration, the ring memory, the fd, then every resource that was registered
     * with it ({@code BufferTable}, {@code FileTable}, {@code BufferRing}, a
     * {@code LegacyBufferGroup} provided through it, ...), latest first. Idempotent; may be called
     * from any thread at any time. A thread blocked in {@link #waitFor} or
     * {@link #submitAndWait} on this ring is woken at once by a completion the closing thread
     * posts into the ring ({@code MSG_RING} from a short-lived ring), at the latest after one wait
     * slice (20 ms), and leaves with a {@link RingClosedException}; close waits for threads inside a system call on this ring to
     * leave it before the fd is closed, so no call can reach a reused fd number. Any later call,
     * and any {@link Sqe} prep method on the ring's view or read of its {@link Cqe} view, throws
     * {@link RingClosedException}.
     *
     * <p>Requests in flight are cancelled ({@code ASYNC_CANCEL} with {@code ANY}) and reaped,
     * for at most a second, before anything they hold is released: their segments, the memory of
     * closed {@link IoArena}s, buffer groups and registered buffers. Only a thread allowed to
     * submit can cancel. Closed from another thread than a single-issuer ring's owner, the close
     * asks the owner to cancel and reap: the owner does it between two wait slices when it is
     * waiting on the ring, or at its next call on the ring, and then gets the
     * {@link RingClosedException}; close waits up to 250 ms for that. If the owner does not come
     * (it is busy elsewhere), or cancelled requests outlive the second, the fd is closed (the
     * kernel then cancels them, asynchronously) and the memory they hold is kept until the owner
     * thread has exited, when the kernel has certainly finished them (on a multi-issuer ring, for
     * the life of the process): a leak, never a write into freed memory. A request flagged
     * {@code CQE_SKIP_SUCCESS} that holds memory counts as in flight until its completion, which a
     * success never posts, so it always takes that path.
     *
     * <p>A thread that is writing an {@link Sqe} or reading a {@link Cqe} at the moment another
     * thread closes the ring gets a {@link RingClosedException}. The JDK delivers the underlying
     * "Already closed" to a thread caught inside such an access as an asynchronous exception,
     * which also sets that thread's interrupt status; the library cannot tell that from a real
     * interrupt, so it leaves the status as the JDK set it.
     */
    @Override
    public void close() {
        control.close();
    }

    @Override
    public String toString() {
        return "Ring[fd=" + fd + ", sq=" + sq.entries() + ", cq=" + cq.entries() + ", flags="
                + SetupFlags.describe(setupFlags) + (closed ? ", closed" : "") + "]";
    }

}
