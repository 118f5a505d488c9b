package io.uring4j.internal;

import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;

/**
 * What one ring knows about one provided-buffer group id: the requests in flight that may select
 * from it (the {@link InFlightLease} count; buffer-select, PROVIDE_BUFFERS and REMOVE_BUFFERS
 * requests hold the record from submission to their final completion), and the memory given to
 * it with PROVIDE_BUFFERS that the kernel may still select.
 *
 * <p>Legacy provided memory: a successful PROVIDE_BUFFERS keeps its segment alive here and counts
 * the buffers; while any are counted the group holds one lease of its own (the kernel may hand
 * them to a later request). The count falls with each completion that carries a buffer (one per
 * completion, so a bundle leaves it too high: the safe side) and with each REMOVE_BUFFERS result.
 * The kernel's group is known empty when a REMOVE_BUFFERS removed fewer buffers than it asked
 * for, answered {@code -ENOENT}, or brought the count to 0: then the memory is released and the
 * group's own lease dropped, so an owner's deferred close ({@link #freeWhenIdle}) may run.
 */
public final class BufferGroupRecord extends InFlightLease {
    private static final int ENOENT = io.uring4j.kernel.Errno.ENOENT.value();
    private final int groupId;
    /** Provided memory by address (providing the same memory again replaces), with its release, or null. */
    private final Map<Long, MemorySegment> provided = new HashMap<>();
    private final Map<Long, Runnable> releases = new HashMap<>();
    /** Buffers the kernel may still hold, never below the truth. */
    private long outstanding;
    /** True while the group holds its own lease for provided buffers. */
    private boolean stocked;

    BufferGroupRecord(int groupId) {
        this.groupId = groupId;
    }

    /** {@return the buffer group id} */
    public int groupId() {
        return groupId;
    }

    /**
     * A PROVIDE_BUFFERS of {@code count} buffers in {@code memory} succeeded: keep the memory
     * (and, with {@code release}, its arena's lease) until the group is known empty.
     */
    public void provided(MemorySegment memory, Runnable release, int count) {
        Runnable before;
        synchronized (this) {
            provided.put(memory.address(), memory);
            before = release != null ? releases.put(memory.address(), release) : releases.remove(memory.address());
            outstanding += Integer.toUnsignedLong(count);
            if (!stocked) {
                stocked = true;
                lease();
            }
        }
        if (before != null) {
            before.run();
        }
    }

    /** A completion of a request holding this record carried a buffer: the kernel gave one away. */
    public synchronized void bufferTaken() {
        if (outstanding > 0) {
            outstanding--;
        }
    }

    /** A REMOVE_BUFFERS asking for {@code requested} buffers completed with {@code res}. */
    public void removed(int res, int requested) {
        synchronized (this) {
            if (res >= 0) {
                outstanding = Math.max(0, outstanding - res);
            }
            boolean empty = res == -ENOENT || (res >= 0 && (Integer.compareUnsigned(res, requested) < 0 || outstanding == 0));
            if (!empty || !stocked) {
                return;
            }
        }
        emptied();
    }

    /** {@return segments of provided memory this group keeps alive} */
    public synchronized int providedHeld() {
        return provided.size();
    }

    /** The kernel holds none of the group's buffers: let the memory go, then the group's own lease. */
    private void emptied() {
        Runnable[] run;
        boolean drop;
        synchronized (this) {
            run = releases.values().toArray(Runnable[]::new);
            releases.clear();
            provided.clear();
            outstanding = 0;
            drop = stocked;
            stocked = false;
        }
        for (Runnable r : run) {
            r.run();
        }
        if (drop) {
            unlease();
        }
    }

    /** The ring is closed and its requests are done: release everything and run the waiting frees. */
    void closeWithRing() {
        synchronized (this) {
            stocked = false; // the lease count is reset by runPendingNow
        }
        emptied();
        runPendingNow();
    }
}
