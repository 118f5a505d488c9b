package io.uring4j;

import io.uring4j.internal.RingMapping;
import io.uring4j.kernel.flags.SetupFlags;
import io.uring4j.kernel.flags.SqRingFlags;
import io.uring4j.kernel.flags.SqeFlags;
import io.uring4j.kernel.structs.IoSqringOffsets;
import io.uring4j.kernel.structs.IoUringParams;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The submission queue: hands out SQE slots in ring order and publishes the tail with release
 * ordering. Knows nothing of threads or system calls; {@link Ring} checks the caller and
 * {@link RingEnter} tells the kernel.
 */
final class SubmissionQueue {
    /** Ring words (heads, tails, flags): the kernel updates them concurrently. */
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final int FLUSH_NEEDED = SqRingFlags.CQ_OVERFLOW | SqRingFlags.TASKRUN;

    private final MemorySegment ring;
    private final long headOff;
    private final long tailOff;
    private final long flagsOff;
    private final int mask;
    private final int entries;
    final Sqe sqe;

    // Local copies of the ring indexes (free-running, masked on use).
    private int tail;
    private int published;
    private int headCache;
    /** A slot was handed out by next() and not yet checked for a completed prep. */
    private boolean slotOut;
    /**
     * End (free-running, exclusive) of the slots {@link #reserve} checked free for
     * {@link #nextReserved}; equal to or behind {@link #tail} when no reservation is open.
     */
    private int reservedEnd;
    /** Where published entries' held segments go; set by the ring, carried over on resize. */
    InFlight inFlight;

    /**
     * The SQ described by {@code params} in {@code mapping}; with {@code previous} (a resize) the
     * local indexes carry over, since the kernel keeps head and tail values across a resize.
     */
    SubmissionQueue(Ring owner, MemorySegment params, RingMapping mapping, int setupFlags, SubmissionQueue previous) {
        long sq = IoUringParams.OFF_SQ_OFF;
        this.ring = mapping.sqRing;
        this.entries = IoUringParams.sqEntries(params, 0);
        this.headOff = Integer.toUnsignedLong(IoSqringOffsets.head(params, sq));
        this.tailOff = Integer.toUnsignedLong(IoSqringOffsets.tail(params, sq));
        this.flagsOff = Integer.toUnsignedLong(IoSqringOffsets.flags(params, sq));
        this.mask = ring.get(ValueLayout.JAVA_INT, Integer.toUnsignedLong(IoSqringOffsets.ringMask(params, sq)));
        this.sqe = new Sqe(mapping.sqes, RingMapping.sqeSize(setupFlags));
        sqe.ring = owner;
        sqe.groups = owner.groups::record;
        sqe.track(entries);
        if ((setupFlags & SetupFlags.NO_SQARRAY) == 0) {
            // Slot i of the index array always names SQE i: the SQEs are used in ring order.
            long array = Integer.toUnsignedLong(IoSqringOffsets.array(params, sq));
            for (int i = 0; i < entries; i++) {
                ring.set(ValueLayout.JAVA_INT, array + (long) i * Integer.BYTES, i);
            }
        }
        if (previous != null) {
            this.inFlight = previous.inFlight;
            this.tail = previous.tail;
            this.published = previous.published;
            this.headCache = previous.headCache;
        } else {
            this.tail = (int) INT.getAcquire(ring, tailOff);
            this.published = tail;
            this.headCache = (int) INT.getAcquire(ring, headOff);
        }
        this.reservedEnd = tail; // no reservation (a resize ends one)
    }

    /** {@return the SQE view on the next free slot, or null when the SQ is full} Ends a reservation. */
    Sqe next() {
        reclaimUnprepared();
        int t = tail;
        reservedEnd = t;
        if (t - headCache >= entries) {
            headCache = (int) INT.getAcquire(ring, headOff);
            if (t - headCache >= entries) {
                return null;
            }
        }
        sqe.moveTo(t & mask, 0L);
        tail = t + 1;
        slotOut = true;
        return sqe;
    }

    /**
     * Reserves the next {@code n} slots for {@link #nextReserved}, replacing an open reservation:
     * {@code n} minus the free slots when they are too few (nothing reserved then), else 0.
     */
    int reserve(int n) {
        reclaimUnprepared();
        int t = tail;
        if (t + n - headCache > entries) {
            headCache = (int) INT.getAcquire(ring, headOff);
            if (t + n - headCache > entries) {
                reservedEnd = t;
                return t + n - headCache - entries;
            }
        }
        reservedEnd = t + n;
        return 0;
    }

    /**
     * The SQE view on the next reserved slot, its user_data preset to {@code userData}; null when
     * the reservation is used up or was ended. No space check: {@link #reserve} made it, and
     * nothing else takes a slot while the reservation is open (it ends when something does).
     */
    Sqe nextReserved(long userData) {
        reclaimUnprepared();
        int t = tail;
        if (reservedEnd - t <= 0) {
            return null;
        }
        sqe.moveTo(t & mask, userData);
        tail = t + 1;
        slotOut = true;
        return sqe;
    }

    /** {@return reserved slots {@link #nextReserved} can still hand out} */
    int reservedLeft() {
        int left = reservedEnd - tail;
        if (slotOut && !sqe.prepared) {
            left++; // the current entry is unprepared: the next call takes it back and reuses its slot
        }
        return Math.max(left, 0);
    }

    /**
     * SQE_MIXED: the view on two consecutive free slots as one 128-byte entry, or null when the
     * SQ lacks room. The kernel reads a 128-byte opcode from two physically adjacent slots and
     * refuses one that starts in the last slot (-EINVAL), so a pair that would wrap is preceded
     * by a padding NOP in that last slot, flagged CQE_SKIP_SUCCESS so that it posts no completion.
     * The pair counts as two entries of the SQ.
     */
    Sqe next128() {
        reclaimUnprepared();
        int t = tail;
        reservedEnd = t;
        boolean pad = ((t + 1) & mask) == 0;
        int needed = pad ? 3 : 2;
        if (t + needed - headCache > entries) {
            headCache = (int) INT.getAcquire(ring, headOff);
            if (t + needed - headCache > entries) {
                return null;
            }
        }
        if (pad) {
            sqe.moveTo(t & mask, 0L);
            sqe.nop().flags(SqeFlags.CQE_SKIP_SUCCESS);
            t++;
        }
        sqe.moveToPair(t & mask);
        tail = t + 2;
        slotOut = true;
        return sqe;
    }

    /**
     * Takes back the slot last handed out by {@link #next()} if no prep method completed on it
     * (it threw on a bad argument): submitting it would send whatever the slot held before.
     */
    private void reclaimUnprepared() {
        if (slotOut) {
            slotOut = false;
            if (!sqe.prepared) {
                tail -= sqe.slots();
                sqe.dropHolds(); // a prep that held memory and then threw
            } else {
                sqe.handOff();
            }
        }
    }

    /** {@return true when {@code request} is the view on the slot handed out last, and a prep completed on it} */
    boolean isLastPrepared(Sqe request) {
        return request == sqe && slotOut && sqe.prepared;
    }

    /** Makes the queued entries visible to the kernel; returns how many were newly published. Ends a reservation. */
    int publish() {
        reclaimUnprepared();
        int t = tail;
        reservedEnd = t;
        int fresh = t - published;
        if (fresh != 0) {
            if (sqe.pendingHolds != 0) {
                moveHolds(published, t);
            }
            INT.setRelease(ring, tailOff, t);
            published = t;
        }
        return fresh;
    }

    /**
     * Hands the segments held by entries {@code from} to {@code to} (free-running indexes) to the
     * in-flight table under each entry's final user_data, before the kernel can see the entries.
     */
    private void moveHolds(int from, int to) {
        Sqe view = sqe;
        Object[] held = view.held;
        byte[] counts = view.heldCount;
        MemorySegment entries = view.memory;
        for (int i = from; i != to; i++) {
            int slot = i & mask;
            int n = counts[slot];
            if (n != 0) {
                counts[slot] = 0;
                long entry = (long) slot * view.entrySize;
                long userData = entries.get(ValueLayout.JAVA_LONG_UNALIGNED, entry + Sqe.USER_DATA_OFFSET);
                byte opcode = entries.get(ValueLayout.JAVA_BYTE, entry + Sqe.OPCODE_OFFSET);
                int fdField = entries.get(ValueLayout.JAVA_INT_UNALIGNED, entry + Sqe.FD_OFFSET);
                inFlight.add(userData, opcode, fdField, held, slot * Sqe.MAX_SEGMENTS, n);
            }
        }
        view.pendingHolds = 0;
    }

    /** Published entries the kernel has not consumed yet. */
    int pending() {
        return tail - (int) INT.getAcquire(ring, headOff);
    }

    /** {@return entries handed out and not yet published} */
    int queued() {
        return tail - published;
    }

    /** {@return free slots now} */
    int spaceLeft() {
        return entries - (tail - (int) INT.getAcquire(ring, headOff));
    }

    int entries() {
        return entries;
    }

    /** {@return the SQ ring's flags word ({@link SqRingFlags})} */
    int flags() {
        return (int) INT.getOpaque(ring, flagsOff);
    }

    /** {@return true when completions are held back (CQ overflow or pending task work) until the ring is entered} */
    boolean needsCqFlush() {
        return (flags() & FLUSH_NEEDED) != 0;
    }
}
