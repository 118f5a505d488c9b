package io.uring4j;

import io.uring4j.internal.RingMapping;
import io.uring4j.kernel.structs.IoCqringOffsets;
import io.uring4j.kernel.structs.IoUringParams;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The completion queue: reads entries in ring order through one reusable {@link Cqe} view and
 * gives their slots back with release ordering. Never enters the kernel; {@link Ring} flushes
 * held-back completions and {@link RingEnter} waits.
 */
final class CompletionQueue {
    /** Ring words (heads, tails, flags): the kernel updates them concurrently. */
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final MemorySegment ring;
    private final long headOff;
    private final long tailOff;
    private final long flagsOff;
    private final int mask;
    private final int entries;
    /** {@code CQE_MIXED}: 16- and 32-byte entries share the ring, with skip entries as padding. */
    private final boolean mixed;
    final Cqe cqe;

    private int head;
    private int tailCache;
    /** Held segments of requests in flight; set by the ring, carried over on resize. */
    InFlight inFlight;
    /** Index of the last entry settled against {@link #inFlight}, so peeking twice settles once. */
    private int settled;

    /** The CQ described by {@code params}; with {@code previous} (a resize) the head carries over. */
    CompletionQueue(MemorySegment params, RingMapping mapping, int setupFlags, boolean mixed, CompletionQueue previous) {
        long cq = IoUringParams.OFF_CQ_OFF;
        this.ring = mapping.cqRing;
        this.entries = IoUringParams.cqEntries(params, 0);
        this.headOff = Integer.toUnsignedLong(IoCqringOffsets.head(params, cq));
        this.tailOff = Integer.toUnsignedLong(IoCqringOffsets.tail(params, cq));
        this.flagsOff = Integer.toUnsignedLong(IoCqringOffsets.flags(params, cq));
        this.mask = ring.get(ValueLayout.JAVA_INT, Integer.toUnsignedLong(IoCqringOffsets.ringMask(params, cq)));
        this.mixed = mixed;
        int cqeSize = RingMapping.cqeSize(setupFlags);
        this.cqe = new Cqe(ring.asSlice(Integer.toUnsignedLong(IoCqringOffsets.cqes(params, cq)),
                (long) entries * cqeSize), cqeSize);
        this.head = previous != null ? previous.head : (int) INT.getAcquire(ring, headOff);
        this.tailCache = head;
        this.settled = head - 1;
        this.inFlight = previous != null ? previous.inFlight : null;
    }

    /** {@return the view over the oldest unseen entry, or null when the CQ is empty} Skip entries are consumed. */
    Cqe peek() {
        for (;;) {
            int h = head;
            if (h == tailCache) {
                int t = (int) INT.getAcquire(ring, tailOff);
                if (h == t) {
                    return null;
                }
                tailCache = t;
            }
            cqe.moveTo(h & mask);
            if (mixed) {
                if (cqe.isSkip()) {
                    // Padding before the ring wraps: consume it silently.
                    head = h + 1;
                    INT.setRelease(ring, headOff, h + 1);
                    continue;
                }
                cqe.big = cqe.isCqe32();
            }
            if (inFlight.busy()) {
                settle(cqe, h);
            }
            return cqe;
        }
    }

    /**
     * Releases the held segments of the entry at {@code h} if it is a final completion, once per
     * entry, and marks the view when a segment's arena was closed under the request.
     */
    private void settle(Cqe view, int h) {
        if (h == settled) {
            return;
        }
        settled = h;
        long userData = view.userData();
        if (inFlight.complete(userData, view.flags(), view.res())) {
            view.violated = true;
            view.violatedUserData = userData;
        }
    }

    /** Gives back the entry {@link #peek()} returned; false when there was none. */
    boolean seen() {
        int h = head;
        if (h == tailCache) {
            return false;
        }
        int next = h + entrySlots(h);
        cqe.violated = false;
        head = next;
        INT.setRelease(ring, headOff, next);
        return true;
    }

    /** Gives back the next {@code n} 16-byte entries unread (not for a mixed ring); false when fewer are ready. */
    boolean advance(int n) {
        int h = head;
        if (tailCache - h < n) {
            tailCache = (int) INT.getAcquire(ring, tailOff);
            if (tailCache - h < n) {
                return false;
            }
        }
        release(h, n, inFlight.busy()); // entries skipped unread still end their requests
        return true;
    }

    /** Ends the tracked requests of entries {@code h .. h+n} (when any are tracked), then gives the slots back. */
    private void release(int h, int n, boolean tracked) {
        if (tracked) {
            for (int i = h; i != h + n; i++) {
                cqe.moveTo(i & mask);
                settle(cqe, i);
            }
        }
        cqe.violated = false;
        head = h + n;
        INT.setRelease(ring, headOff, h + n);
    }

    /**
     * Hands every entry ready now to {@code handler}, oldest first; the head is published once at
     * the end, or when the handler throws (the failing entry then counts as seen).
     */
    int drainReady(CompletionHandler handler) {
        int count = 0;
        // Locals: a handler may not reap, so nothing moves these under the loop.
        Cqe view = cqe;
        int m = mask;
        boolean mix = mixed;
        int h = head;
        int t = (int) INT.getAcquire(ring, tailOff);
        // Before the loop: if the handler throws, peek() must still see the entries up to t.
        tailCache = t;
        // Read once, after the tail: a request that holds segments entered the in-flight table
        // before its SQE was published, so if the table is empty now, no entry up to t holds any
        // (a request the handler submits completes past t). Once per drain, not per entry: the
        // acquire read would otherwise order every entry's loads after it.
        boolean tracked = inFlight.busy();
        try {
            while (h != t) {
                view.moveTo(h & m);
                int slots = 1;
                if (mix) {
                    if (view.isSkip()) {
                        head = ++h;
                        continue;
                    }
                    view.big = view.isCqe32();
                    slots = view.big ? 2 : 1;
                }
                if (tracked) {
                    settle(view, h);
                }
                h += slots;
                head = h;
                try {
                    handler.onCompletion(view);
                } finally {
                    view.violated = false;
                }
                count++;
            }
        } finally {
            INT.setRelease(ring, headOff, head);
        }
        return count;
    }

    /**
     * Copies user_data, res and flags of the entries ready now into the arrays from index
     * {@code from} on, oldest first, as many as fit, and gives their slots back with one release
     * store; returns how many were copied. Not for a mixed ring (the caller checks). The loop reads
     * the CQE array directly, so its checks stay out of the per-entry path; a request holding
     * segments is settled as in {@link #drainReady} (a lifetime violation is counted and logged by
     * the in-flight table; there is no view to flag).
     */
    int drainTo(long[] userData, int[] res, int[] flags, int from) {
        int h = head;
        int t = (int) INT.getAcquire(ring, tailOff);
        tailCache = t;
        int n = Math.min(t - h, userData.length - from);
        if (n <= 0) {
            return 0;
        }
        // Read after the tail, once: see drainReady.
        boolean tracked = inFlight.busy();
        MemorySegment cqes = cqe.memory;
        long size = cqe.entrySize;
        int m = mask;
        for (int i = 0; i < n; i++) {
            long at = ((h + i) & m) * size;
            userData[from + i] = cqes.get(ValueLayout.JAVA_LONG_UNALIGNED, at + Cqe.USER_DATA_OFFSET);
            res[from + i] = cqes.get(ValueLayout.JAVA_INT_UNALIGNED, at + Cqe.RES_OFFSET);
            flags[from + i] = cqes.get(ValueLayout.JAVA_INT_UNALIGNED, at + Cqe.FLAGS_OFFSET);
        }
        release(h, n, tracked);
        return n;
    }

    /** {@return entries ready now (on a mixed ring: slots, a 32-byte entry counting two)} */
    int ready() {
        int t = (int) INT.getAcquire(ring, tailOff);
        tailCache = t;
        return t - head;
    }

    boolean isMixed() {
        return mixed;
    }

    int entries() {
        return entries;
    }

    /** {@return the CQ ring's flags word ({@code CqRingFlags}), acquire} */
    int flags() {
        return (int) INT.getAcquire(ring, flagsOff);
    }

    /** Writes the CQ ring's flags word, release. */
    void flags(int value) {
        INT.setRelease(ring, flagsOff, value);
    }

    private int entrySlots(int h) {
        if (!mixed) {
            return 1;
        }
        cqe.moveTo(h & mask);
        return cqe.isCqe32() ? 2 : 1;
    }
}
