package io.uring4j;

import io.uring4j.kernel.flags.RingLimits;
import io.uring4j.kernel.flags.SetupFlags;

/**
 * The rules {@link RingOptions.Builder#build()} checks: entry counts and which setup flags need,
 * or exclude, which others. Each broken rule is an {@link IllegalArgumentException} naming the
 * option and the rule, thrown before any system call.
 */
final class RingOptionsRules {
    private RingOptionsRules() {}

    static void check(int entries, int cqEntries, int flags, int sqThreadIdleMillis, int sqThreadCpu,
                      boolean hasAttachWq, boolean registerRingFd) {
        boolean clamp = (flags & SetupFlags.CLAMP) != 0;
        if (entries < 1 || Integer.bitCount(entries) != 1 || (!clamp && entries > RingLimits.MAX_ENTRIES)) {
            throw new IllegalArgumentException("entries must be a power of two from 1 to " + RingLimits.MAX_ENTRIES
                    + " (or larger with clamp()); was " + entries);
        }
        if (cqEntries != 0 && (cqEntries < entries || Integer.bitCount(cqEntries) != 1
                || (!clamp && cqEntries > RingLimits.MAX_CQ_ENTRIES))) {
            throw new IllegalArgumentException("cqEntries must be 0 (the kernel's default) or a power of two from entries ("
                    + entries + ") to " + RingLimits.MAX_CQ_ENTRIES + "; was " + cqEntries);
        }
        if ((flags & SetupFlags.SQ_REWIND) != 0) {
            // Kernel 7.0 (io_submit_sqes / io_commit_sqring): with SQ_REWIND the kernel ignores
            // the SQ head and tail, takes each batch from slot 0 and rewinds after every enter,
            // dropping what a short submission left. Ring keeps queued entries until the kernel
            // takes them and reclaims slots by the published head, so it needs another path;
            // and no 7.0 kernel is at hand to test one against.
            throw new IllegalArgumentException("flags: SQ_REWIND (Linux " + SetupFlags.since(SetupFlags.SQ_REWIND)
                    + ") is not supported by Ring: the kernel would take every batch from slot 0 and drop"
                    + " entries a short submission left, while Ring keeps queued entries until the kernel takes"
                    + " them");
        }
        if ((flags & RingOptions.UNSUPPORTED) != 0) {
            throw new IllegalArgumentException("flags " + SetupFlags.describe(flags & RingOptions.UNSUPPORTED)
                    + " are not supported by Ring (it maps the kernel's ring memory itself, one fd per ring)");
        }
        if ((flags & SetupFlags.CQSIZE) != 0 && cqEntries == 0) {
            throw new IllegalArgumentException("flag CQSIZE needs cqEntries(n); it is set for you when cqEntries is given");
        }
        requires(flags, SetupFlags.DEFER_TASKRUN, SetupFlags.SINGLE_ISSUER);
        requires(flags, SetupFlags.HYBRID_IOPOLL, SetupFlags.IOPOLL);
        requires(flags, SetupFlags.SQ_AFF, SetupFlags.SQPOLL);
        if ((flags & SetupFlags.TASKRUN_FLAG) != 0 && (flags & (SetupFlags.COOP_TASKRUN | SetupFlags.DEFER_TASKRUN)) == 0) {
            throw new IllegalArgumentException("flag TASKRUN_FLAG needs COOP_TASKRUN or DEFER_TASKRUN");
        }
        if ((flags & SetupFlags.SQPOLL) != 0 && (flags & RingOptions.TASKRUN_MODES) != 0) {
            throw new IllegalArgumentException("flags " + SetupFlags.describe(flags & RingOptions.TASKRUN_MODES)
                    + " cannot be combined with SQPOLL (the poll thread, not the submitter, runs completion work)");
        }
        if ((flags & SetupFlags.CQE32) != 0 && (flags & SetupFlags.CQE_MIXED) != 0) {
            throw new IllegalArgumentException("flags CQE32 and CQE_MIXED exclude each other");
        }
        if ((flags & SetupFlags.SQE128) != 0 && (flags & SetupFlags.SQE_MIXED) != 0) {
            throw new IllegalArgumentException("flags SQE128 and SQE_MIXED exclude each other");
        }
        if (((flags & SetupFlags.ATTACH_WQ) != 0) != hasAttachWq) {
            throw new IllegalArgumentException("flag ATTACH_WQ is set only through attachWq(ring)");
        }
        if ((flags & SetupFlags.SQPOLL) == 0 && sqThreadIdleMillis != 0) {
            throw new IllegalArgumentException("sqThreadIdleMillis needs SQPOLL (sqPoll(idleMillis))");
        }
        if (sqThreadIdleMillis < 0) {
            throw new IllegalArgumentException("sqPoll idleMillis must be >= 0; was " + sqThreadIdleMillis);
        }
        if ((flags & SetupFlags.SQ_AFF) != 0 && sqThreadCpu < 0) {
            throw new IllegalArgumentException("sqPollCpu cpu must be >= 0; was " + sqThreadCpu);
        }
        if (registerRingFd && (flags & SetupFlags.SINGLE_ISSUER) == 0) {
            throw new IllegalArgumentException("registerRingFd needs SINGLE_ISSUER: a registered ring fd belongs to one thread");
        }
    }

    private static void requires(int flags, int flag, int needed) {
        if ((flags & flag) != 0 && (flags & needed) == 0) {
            throw new IllegalArgumentException("flag " + SetupFlags.describe(flag) + " needs " + SetupFlags.describe(needed));
        }
    }
}
