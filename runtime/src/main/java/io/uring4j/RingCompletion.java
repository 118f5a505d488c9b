package io.uring4j;

import io.uring4j.internal.RingMapping;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.FeatureFlags;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;

/** The completion half of the {@link Ring} facade: peek and seen, drain, waits. */
abstract sealed class RingCompletion extends RingSubmission permits Ring {
    RingCompletion(int fd, MemorySegment params, RingOptions options, Arena arena, RingMapping mapping, MemorySegment errno) {
        super(fd, params, options, arena, mapping, errno);
    }

    /**
     * The reusable CQE view over the oldest unseen completion, or null when there is none.
     * Does not enter the kernel, except when the SQ ring flags say completions are held back
     * (CQ overflow, or pending completion work with {@code TASKRUN_FLAG}); then one
     * io_uring_enter brings them into the CQ. Call {@link Ring#seen()} when done with the entry.
     *
     * @return the view, or null
     */
    public Cqe peek() {
        checkConsumer();
        try {
            Cqe c = cq.peek();
            if (c == null && sq.needsCqFlush()) {
                enter.flush();
                c = cq.peek();
            }
            return c;
        } catch (IllegalStateException e) {
            throw closedOr(e, "peek");
        }
    }

    /**
     * Marks the completion returned by {@link Ring#peek()} as consumed, giving its slot back to the
     * kernel. The {@link Cqe} view must not be read afterwards.
     *
     * @throws IllegalStateException when no peeked completion is pending
     */
    public void seen() {
        checkConsumer();
        boolean marked;
        try {
            marked = cq.seen();
        } catch (IllegalStateException e) {
            throw closedOr(e, "seen");
        }
        if (!marked) {
            throw new IllegalStateException("seen(): no completion to mark; peek() first");
        }
    }

    /**
     * Marks the next {@code n} completions consumed without reading them.
     *
     * @param n completions to skip, at most the number ready
     * @throws IllegalArgumentException when {@code n} is negative or more than are ready
     */
    public void advance(int n) {
        checkConsumer();
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0; was " + n);
        }
        if (cq.isMixed()) {
            for (int i = 0; i < n; i++) {
                if (peek() == null) {
                    throw new IllegalArgumentException("n (" + n + ") is more than the " + i + " completions ready");
                }
                cq.seen();
            }
        } else if (!cq.advance(n)) {
            throw new IllegalArgumentException("n (" + n + ") is more than the " + cq.ready() + " completions ready");
        }
    }

    /**
     * Hands every ready completion to {@code handler}, oldest first, then gives their slots back
     * to the kernel. If the CQ had overflowed, the held-back completions are brought in once and
     * delivered too; call again while it returns a positive count to empty a larger backlog.
     * The handler may submit, but must not call {@link Ring#peek()}, {@link Ring#seen()},
     * {@link Ring#advance(int)} or {@code drain} itself. If it throws, the completions already
     * delivered (the failing one included) count as seen and the exception propagates.
     *
     * @param handler called once per completion, with the reusable view
     * @return the number of completions delivered
     */
    public int drain(CompletionHandler handler) {
        checkConsumer();
        if (handler == null) {
            throw new IllegalArgumentException("handler must not be null");
        }
        draining = true;
        try {
            int count = cq.drainReady(handler);
            if (sq.needsCqFlush()) {
                enter.flush();
                count += cq.drainReady(handler);
            }
            return count;
        } catch (IllegalStateException e) {
            throw closedOr(e, "drain");
        } finally {
            draining = false;
        }
    }

    /**
     * Copies the completions ready now into the caller's arrays and marks them seen: index
     * {@code i} of each array gets the {@code i}-th oldest completion's user_data, res and flags,
     * for as many as {@code userData} holds. The bulk counterpart of {@link #drain(CompletionHandler)}
     * for a loop that reaps many completions at once: one pass over the CQ with its checks made
     * once, one release of the slots, no callback; the arrays are the caller's to reuse, so
     * nothing is allocated. If the CQ had overflowed, the held-back completions are brought in
     * once, as by {@code drain}. Extra words of a 32-byte completion (CQE32) are not copied. A
     * completion that arrives after the arena of one of its request's segments was closed is
     * counted and logged (see {@link Ring#lifetimeViolations()}), not flagged.
     *
     * {@snippet class=io.uring4j.snippets.BatchSnippets region=drainTo}
     *
     * @param userData receives user_data; its length is the most completions copied
     * @param res      receives res; at least as long as {@code userData}
     * @param flags    receives flags ({@link io.uring4j.kernel.flags.CqeFlags}); at least as long as {@code userData}
     * @return the number of completions copied (0 when none is ready)
     * @throws IllegalArgumentException when an array is null or empty, or shorter than {@code userData}
     * @throws IllegalStateException    on a {@code CQE_MIXED} ring (use {@code drain}), on the wrong
     *                                  thread, or inside {@code drain}
     * @throws RingClosedException      after close
     */
    public int drainTo(long[] userData, int[] res, int[] flags) {
        checkConsumer();
        if (userData == null || userData.length == 0) {
            throw new IllegalArgumentException("userData must be a non-empty array; was "
                    + (userData == null ? "null" : "empty"));
        }
        checkLength(res, "res", userData.length);
        checkLength(flags, "flags", userData.length);
        if (cq.isMixed()) {
            throw new IllegalStateException("drainTo: a CQE_MIXED ring mixes 16- and 32-byte completions;"
                    + " use drain(handler)");
        }
        try {
            int count = cq.drainTo(userData, res, flags, 0);
            if (count < userData.length && sq.needsCqFlush()) {
                enter.flush();
                count += cq.drainTo(userData, res, flags, count);
            }
            return count;
        } catch (IllegalStateException e) {
            throw closedOr(e, "drainTo");
        }
    }

    private static void checkLength(int[] array, String param, int needed) {
        if (array == null || array.length < needed) {
            throw new IllegalArgumentException(param + " must hold at least userData.length (" + needed
                    + ") entries; was " + (array == null ? "null" : array.length));
        }
    }

    /**
     * Completions ready in the CQ now (on a {@code CQE_MIXED} ring: slots, a 32-byte entry
     * counting two).
     *
     * @return the count
     */
    public int cqReady() {
        checkOpen();
        return cq.ready();
    }

    /**
     * Blocks until at least {@code n} completions are ready; returns at once when they already
     * are. With {@code n == 0}, enters once to run pending completion work and returns.
     * Does not submit: see {@link Ring#submitAndWait(int)}.
     *
     * <p>The ring cannot know that a completion will come (a request may be one the kernel
     * completes silently, or none may be in flight), so a wait for completions that never come
     * blocks until the ring is closed or the thread is interrupted: the kernel is entered in
     * slices of at most 20 ms, and between slices the wait ends with a {@link RingClosedException}
     * once {@link Ring#close()} has begun on any thread (a close on another thread also wakes the
     * wait at once, see {@link Ring#close()}), or with a {@link UringException}
     * ({@code EINTR}) when the thread's interrupt status is set (the status stays set).
     * Completions that arrived stay in the CQ either way. Without {@code FEAT_EXT_ARG} (before
     * Linux 5.11) the kernel sleeps until a completion, unsliced.
     *
     * <p>One exception to "does not submit": when library steps wait for SQ room (a multishot
     * re-arm or cancel, a listener step that met a full SQ), they are submitted before the wait,
     * with any entries this thread has queued, so that a loop that only waits still gets the
     * completions it waits for.
     *
     * @param n completions to wait for, 0 to {@link Ring#cqEntries()}
     * @return the number of completions ready (at least {@code n})
     * @throws RingClosedException when the ring is closed, also by another thread during the wait
     * @throws UringException      {@code EINTR} when the thread is interrupted before or during the wait
     */
    public int waitFor(int n) {
        checkConsumer();
        checkWaitCount(n, "n");
        try {
            sendDeferredBeforeWait();
            return enter.await(cq, n);
        } catch (IllegalStateException e) {
            throw closedOr(e, "waitFor");
        }
    }

    /**
     * Like {@link Ring#waitFor(int)}, but gives up after {@code timeout}. Allocation-free.
     *
     * @param n       completions to wait for, 0 to {@link Ring#cqEntries()}
     * @param timeout the longest wait; saturated at about 292 years
     * @return as {@link Ring#waitFor(int, long)}
     */
    public int waitFor(int n, Duration timeout) {
        return waitFor(n, nanos(timeout, "timeout"), 0L);
    }

    /**
     * Like {@link Ring#waitFor(int)}, but gives up after {@code timeoutNanos}.
     *
     * @param n            completions to wait for, 0 to {@link Ring#cqEntries()}
     * @param timeoutNanos the longest wait, at least 0
     * @return the number of completions ready (at least {@code n}), or {@code -ETIME} (the
     *         negated {@link Errno#ETIME} value) when the time ran out first; completions that did
     *         arrive stay in the CQ
     * @throws IllegalStateException when the kernel lacks {@code FEAT_EXT_ARG}
     */
    public int waitFor(int n, long timeoutNanos) {
        return waitFor(n, timeoutNanos, 0L);
    }

    /**
     * Like {@link Ring#waitFor(int, long)}, with a minimum wait ({@code FEAT_MIN_TIMEOUT}): the
     * kernel first waits up to {@code minWaitNanos} for all {@code n}; if by then at least one
     * completion is ready it returns with what it has, else it keeps waiting for {@code n} until
     * the timeout. Useful to batch completions without adding latency when traffic is light.
     *
     * @param n            completions to wait for, 0 to {@link Ring#cqEntries()}
     * @param timeoutNanos the longest wait, at least 0
     * @param minWaitNanos the batching wait, at least 0 (0: none)
     * @return as {@link Ring#waitFor(int, long)}, except that with a minimum wait fewer than
     *         {@code n} (but at least one) completions may be returned
     */
    public int waitFor(int n, long timeoutNanos, long minWaitNanos) {
        checkConsumer();
        checkWaitCount(n, "n");
        if (timeoutNanos < 0) {
            throw new IllegalArgumentException("timeoutNanos must be >= 0; was " + timeoutNanos);
        }
        if (minWaitNanos < 0) {
            throw new IllegalArgumentException("minWaitNanos must be >= 0; was " + minWaitNanos);
        }
        if ((features & FeatureFlags.EXT_ARG) == 0) {
            throw new IllegalStateException("timed waits need FEAT_EXT_ARG, which this kernel lacks");
        }
        if (minWaitNanos > 0 && (features & FeatureFlags.MIN_TIMEOUT) == 0) {
            throw new IllegalStateException("minWaitNanos needs FEAT_MIN_TIMEOUT, which this kernel lacks");
        }
        try {
            sendDeferredBeforeWait();
            return enter.awaitTimed(cq, n, timeoutNanos, minWaitNanos);
        } catch (IllegalStateException e) {
            throw closedOr(e, "waitFor");
        }
    }

    static long nanos(Duration d, String param) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(param + " must be a non-negative Duration; was " + d);
        }
        // toNanos throws past ~292 years; such a wait is "forever" for every caller.
        return d.compareTo(MAX_NANOS) >= 0 ? Long.MAX_VALUE : d.toNanos();
    }

    private static final Duration MAX_NANOS = Duration.ofNanos(Long.MAX_VALUE);

}
