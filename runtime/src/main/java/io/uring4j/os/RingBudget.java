package io.uring4j.os;

import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.RingOptions;
import io.uring4j.Sqe;
import io.uring4j.kernel.flags.BufferLimits;
import io.uring4j.kernel.flags.RingLimits;

/**
 * Ring and buffer sizes derived from a memory budget and the machine: how many rings, how large
 * their queues, how many buffers of what size, so that everything fits the budget and the budget
 * fits the locked-memory limit. {@link #toString()} explains each decision.
 *
 * <p>The rules, in order:
 * <ol>
 * <li>The budget must not exceed {@code RLIMIT_MEMLOCK}: registered buffers are pinned and charged
 *     to it (unless the process has CAP_IPC_LOCK), so a larger budget would fail at registration
 *     with ENOMEM. Such a budget is refused with what to raise.</li>
 * <li>One ring per core (a single-issuer ring per thread), each with an equal share.</li>
 * <li>Queues: the largest power-of-two SQ (CQ twice as large) whose memory — 64-byte SQEs and
 *     16-byte CQEs, each array rounded up to whole pages, plus a page of ring headers — fits an
 *     eighth of the share (at least the smallest ring's memory), up to {@link RingLimits#MAX_ENTRIES}.</li>
 * <li>Buffers, from the rest of the share: a target size of 1/256 of it, rounded down to a power of
 *     two between one page and 64 KiB; the count is the largest power of two that fits (provided
 *     buffer rings need one), at most what both a buffer ring and a registration take; then each
 *     buffer grows by whole pages to use what the rounding left.</li>
 * </ol>
 *
 * <p>Example:
 * <pre>{@code
 * RingBudget budget = RingBudget.forBytes(64L << 20);
 * System.out.println(budget);                 // the reasoning, line by line
 * Ring ring = Ring.open(budget.ringOptions());
 * MemorySegment buffers = arena.allocate((long) budget.bufferCount() * budget.bufferSize(), budget.machine().pageSize());
 * }</pre>
 */
public final class RingBudget {
    /** Queues get at most 1/QUEUE_SHARE of a ring's share. */
    private static final int QUEUE_SHARE = 8;
    /** The buffer size aims at this many buffers per ring. */
    private static final int TARGET_BUFFERS = 256;
    /** Largest target buffer size: beyond it, more buffers serve better than bigger ones. */
    private static final int MAX_TARGET_SIZE = 64 * 1024;
    /** Most buffers: both a provided buffer ring and a registration must take them. */
    private static final int MAX_BUFFERS = Math.min(BufferLimits.MAX_REG_BUFFERS, BufferLimits.MAX_RING_ENTRIES);

    private final long budget;
    private final MachineLimits machine;
    private final int rings;
    private final long share;
    private final int sqEntries;
    private final long queueBytes;
    private final int targetSize;
    private final int bufferCount;
    private final int bufferSize;

    private RingBudget(long budget, MachineLimits machine, int rings, long share, int sqEntries, long queueBytes,
            int targetSize, int bufferCount, int bufferSize) {
        this.budget = budget;
        this.machine = machine;
        this.rings = rings;
        this.share = share;
        this.sqEntries = sqEntries;
        this.queueBytes = queueBytes;
        this.targetSize = targetSize;
        this.bufferCount = bufferCount;
        this.bufferSize = bufferSize;
    }

    /**
     * Sizes for {@code budget} bytes on this machine ({@link MachineLimits#current()}).
     *
     * @param budget bytes of locked memory to spend
     * @return the plan
     * @throws IllegalArgumentException when the budget is not positive, exceeds RLIMIT_MEMLOCK
     *                                  (the message says how to raise it) or is too small for one
     *                                  ring per core
     */
    public static RingBudget forBytes(long budget) {
        return forBytes(budget, MachineLimits.current());
    }

    /**
     * Sizes for {@code budget} bytes on {@code machine}.
     *
     * @param machine the machine limits to plan for
     * @param budget bytes of locked memory to spend
     * @return the plan
     * @throws IllegalArgumentException as {@link #forBytes(long)}, or when machine is null
     */
    public static RingBudget forBytes(long budget, MachineLimits machine) {
        if (machine == null) {
            throw new IllegalArgumentException("machine must not be null");
        }
        if (budget <= 0) {
            throw new IllegalArgumentException("budget must be > 0 bytes; was " + budget);
        }
        if (!machine.memlockUnlimited() && budget > machine.memlockSoft()) {
            throw new IllegalArgumentException(memlockRefusal(budget, machine));
        }
        int page = machine.pageSize();
        int rings = machine.cores();
        long share = budget / rings;
        long queueCap = Math.max(share / QUEUE_SHARE, queueBytes(1, page));
        int sq = 1;
        while (sq < RingLimits.MAX_ENTRIES && queueBytes(sq * 2, page) <= queueCap) {
            sq *= 2;
        }
        long queue = queueBytes(sq, page);
        long rest = share - queue;
        if (rest < page) {
            long minimum = (queue + page) * rings;
            throw new IllegalArgumentException("budget of " + budget + " bytes is too small for " + rings
                    + " rings (one per core): each needs at least " + (queue + page) + " bytes (" + queue
                    + " for its queues, one " + page + "-byte page for a buffer); give at least " + minimum + " bytes");
        }
        int target = (int) Math.max(page, Math.min(MAX_TARGET_SIZE, Long.highestOneBit(rest / TARGET_BUFFERS)));
        int count = (int) Math.min(MAX_BUFFERS, Long.highestOneBit(rest / target));
        long size = rest / count / page * page;
        if (size > Integer.MAX_VALUE) {
            size = Integer.MAX_VALUE / page * (long) page; // a buffer's length is a 32-bit field
        }
        return new RingBudget(budget, machine, rings, share, sq, queue, target, count, (int) size);
    }

    /** Ring memory of an SQ of {@code sq} entries with a CQ of twice that, page-rounded, plus a header page. */
    private static long queueBytes(int sq, int page) {
        return roundUp((long) sq * Sqe.SIZE, page) + roundUp(2L * sq * Cqe.SIZE, page) + page;
    }

    private static long roundUp(long n, int page) {
        return (n + page - 1) / page * page;
    }

    private static String memlockRefusal(long budget, MachineLimits m) {
        String hard = MachineLimits.limit(m.memlockHard());
        return "budget of " + budget + " bytes exceeds RLIMIT_MEMLOCK (soft limit " + m.memlockSoft()
                + " bytes, hard limit " + hard + "): registered buffers are pinned and charged to it, so"
                + " registering them would fail with ENOMEM. Ask for at most " + m.memlockSoft() + " bytes, or raise"
                + " the limit: shell 'ulimit -l <KiB>' (up to the hard limit without privilege), systemd"
                + " 'LimitMEMLOCK=<bytes>', docker '--ulimit memlock=<bytes>', or /etc/security/limits.conf 'memlock'";
    }

    /**
     * Rings to open: one per core.
     *
     * @return rings that fit the budget
     */
    public int rings() {
        return rings;
    }

    /** {@return SQ entries of each ring} */
    public int sqEntries() {
        return sqEntries;
    }

    /** {@return CQ entries of each ring (twice the SQ)} */
    public int cqEntries() {
        return sqEntries * 2;
    }

    /** {@return buffers per ring} A power of two. */
    public int bufferCount() {
        return bufferCount;
    }

    /** {@return bytes per buffer} A multiple of the page size. */
    public int bufferSize() {
        return bufferSize;
    }

    /**
     * Queue memory of one ring, as estimated (page-rounded arrays plus a header page).
     *
     * @return bytes of one ring's queues
     */
    public long queueBytes() {
        return queueBytes;
    }

    /**
     * Buffer memory of one ring: count times size.
     *
     * @return bytes of one ring's buffers
     */
    public long bufferBytes() {
        return (long) bufferCount * bufferSize;
    }

    /**
     * Memory all rings use: at most {@link #budget()}.
     *
     * @return bytes of the whole plan
     */
    public long usedBytes() {
        return rings * (queueBytes + bufferBytes());
    }

    /** {@return the budget asked for} */
    public long budget() {
        return budget;
    }

    /** {@return the machine the sizes were derived for} */
    public MachineLimits machine() {
        return machine;
    }

    /**
     * Ring options with the default flags and this budget's queue sizes.
     *
     * @return options for a ring of this plan
     */
    public RingOptions ringOptions() {
        return RingOptions.builder().entries(sqEntries).cqEntries(cqEntries()).build();
    }

    /** {@return how the sizes were decided, one line per rule} */
    @Override
    public String toString() {
        int page = machine.pageSize();
        return "RingBudget for " + budget + " bytes on " + machine + ":\n"
                + "  memlock: " + (machine.memlockUnlimited() ? "unlimited, so any budget fits"
                        : "the budget is within the soft limit of " + machine.memlockSoft() + " bytes") + "\n"
                + "  rings: " + rings + ", one per core, " + share + " bytes each\n"
                + "  queues: " + sqEntries + " SQ entries and " + cqEntries() + " CQ entries take " + queueBytes
                + " bytes (" + Sqe.SIZE + "-byte SQEs and " + Cqe.SIZE + "-byte CQEs rounded up to " + page
                + "-byte pages, plus a header page): the largest power of two within 1/" + QUEUE_SHARE
                + " of the share" + (sqEntries == RingLimits.MAX_ENTRIES ? " (capped at the kernel's maximum)" : "")
                + "\n"
                + "  buffers: " + bufferCount + " x " + bufferSize + " bytes = " + bufferBytes() + " of the "
                + (share - queueBytes) + " bytes left: target size " + targetSize + " (1/" + TARGET_BUFFERS
                + " of it as a power of two within [" + page + ", " + MAX_TARGET_SIZE + "]), count the largest power"
                + " of two that fits" + (bufferCount == MAX_BUFFERS ? " (capped at " + MAX_BUFFERS + ")" : "")
                + ", size grown to whole pages to use the rest\n"
                + "  used: " + usedBytes() + " of " + budget + " bytes";
    }
}
