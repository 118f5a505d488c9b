package io.uring4j;

import io.uring4j.internal.Checks;
import io.uring4j.kernel.flags.RingLimits;
import io.uring4j.kernel.flags.SetupFlags;

/**
 * How to set up a {@link Ring}: queue sizes, {@code IORING_SETUP_*} flags and their arguments.
 * Immutable; made with {@link #builder()}, validated by {@link Builder#build()} so that a bad
 * combination is refused with its reason before any system call.
 *
 * <p>Defaults: 256 SQ entries, the kernel's CQ size (twice the SQ), and the flags
 * {@code SINGLE_ISSUER | DEFER_TASKRUN | TASKRUN_FLAG | NO_SQARRAY | SUBMIT_ALL}: one owner thread
 * (the one that opens the ring) submits and reaps, completion work runs only when that thread
 * enters the kernel (no interrupts, best cache locality), the kernel flags pending work in the SQ
 * ring so {@link Ring#peek()} knows when to enter, SQEs are consumed in ring order (no index array),
 * and a request that fails to prepare does not stop the rest of its batch (its failure arrives as
 * its own completion), so one {@link Ring#submit()} always hands over everything queued.
 */
public final class RingOptions {
    /** The default number of SQ entries. */
    public static final int DEFAULT_ENTRIES = 256;

    /** The default setup flags (see the class description). */
    public static final int DEFAULT_FLAGS = SetupFlags.SINGLE_ISSUER | SetupFlags.DEFER_TASKRUN
            | SetupFlags.TASKRUN_FLAG | SetupFlags.NO_SQARRAY | SetupFlags.SUBMIT_ALL;

    /** Flags whose work runs in the submitting task; meaningless (and refused) with SQPOLL. */
    private static final int TASKRUN_MODES = SetupFlags.COOP_TASKRUN | SetupFlags.TASKRUN_FLAG
            | SetupFlags.DEFER_TASKRUN;

    /** Flags this runtime cannot honour: it maps the kernel's ring memory itself. */
    private static final int UNSUPPORTED = SetupFlags.NO_MMAP | SetupFlags.REGISTERED_FD_ONLY;

    private final int entries;
    private final int cqEntries;
    private final int flags;
    private final int sqThreadIdleMillis;
    private final int sqThreadCpu;
    private final Ring attachWq;
    private final boolean registerRingFd;

    private RingOptions(Builder b) {
        this.entries = b.entries;
        this.cqEntries = b.cqEntries;
        this.flags = b.flags;
        this.sqThreadIdleMillis = b.sqThreadIdleMillis;
        this.sqThreadCpu = b.sqThreadCpu;
        this.attachWq = b.attachWq;
        this.registerRingFd = b.registerRingFd;
    }

    /** {@return a builder holding the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return the defaults with {@code entries} SQ entries}
     *
     * @param entries SQ entries, a power of two
     */
    public static RingOptions ofEntries(int entries) {
        return builder().entries(entries).build();
    }

    /** {@return SQ entries requested (a power of two)} */
    public int entries() {
        return entries;
    }

    /** {@return CQ entries requested, or 0 for the kernel's default (twice {@link #entries()})} */
    public int cqEntries() {
        return cqEntries;
    }

    /** {@return the {@code IORING_SETUP_*} flags passed to the kernel ({@code CQSIZE} is added when {@link #cqEntries()} is set)} */
    public int flags() {
        return flags;
    }

    /** {@return true when one owner thread submits ({@code IORING_SETUP_SINGLE_ISSUER})} */
    public boolean singleIssuer() {
        return (flags & SetupFlags.SINGLE_ISSUER) != 0;
    }

    /** {@return milliseconds the SQPOLL thread spins before sleeping; 0 for the kernel's default} */
    public int sqThreadIdleMillis() {
        return sqThreadIdleMillis;
    }

    /** {@return the CPU the SQPOLL thread is pinned to, or -1} */
    public int sqThreadCpu() {
        return sqThreadCpu;
    }

    /** {@return the ring whose io-wq backend is shared ({@code IORING_SETUP_ATTACH_WQ}), or null} */
    public Ring attachWq() {
        return attachWq;
    }

    /** {@return true when the ring fd is registered at open, so io_uring_enter skips the fd lookup} */
    public boolean registerRingFd() {
        return registerRingFd;
    }

    @Override
    public String toString() {
        return "RingOptions[entries=" + entries + ", cqEntries=" + cqEntries + ", flags="
                + SetupFlags.describe(flags) + (registerRingFd ? ", registerRingFd" : "") + "]";
    }

    /** Collects options; every method returns this builder. Not thread-safe. */
    public static final class Builder {
        private int entries = DEFAULT_ENTRIES;
        private int cqEntries;
        private int flags = DEFAULT_FLAGS;
        private int sqThreadIdleMillis;
        private int sqThreadCpu = -1;
        private Ring attachWq;
        private boolean registerRingFd;

        private Builder() {}

        /**
         * Sets the SQ size.
         *
         * @param entries SQ entries: a power of two, 1 to {@link RingLimits#MAX_ENTRIES} (larger with {@link #clamp()})
         * @return this builder
         */
        public Builder entries(int entries) {
            this.entries = entries;
            return this;
        }

        /**
         * CQ entries: 0 for the kernel's default (twice the SQ), else a power of two, at least
         * {@link #entries(int)} and at most {@link RingLimits#MAX_CQ_ENTRIES} (larger with {@link #clamp()}).
         *
         * @param cqEntries the CQ size, or 0
         * @return this builder
         */
        public Builder cqEntries(int cqEntries) {
            this.cqEntries = cqEntries;
            return this;
        }

        /**
         * Replaces all setup flags (the defaults included) with exactly {@code flags} ({@link SetupFlags}).
         *
         * @param flags the {@link SetupFlags} bits to use
         * @return this builder
         */
        public Builder flags(int flags) {
            this.flags = flags;
            return this;
        }

        /**
         * Adds setup flags ({@link SetupFlags}) to the current ones.
         *
         * @param flags the {@link SetupFlags} bits to add
         * @return this builder
         */
        public Builder addFlags(int flags) {
            this.flags |= flags;
            return this;
        }

        /**
         * Removes setup flags ({@link SetupFlags}) from the current ones.
         *
         * @param flags the {@link SetupFlags} bits to remove
         * @return this builder
         */
        public Builder removeFlags(int flags) {
            this.flags &= ~flags;
            return this;
        }

        /**
         * Lets any thread submit: drops {@code SINGLE_ISSUER | DEFER_TASKRUN} and uses
         * {@code COOP_TASKRUN | TASKRUN_FLAG}. Submitters must hold {@link Ring#submitLock()}
         * from {@link Ring#nextSqe()} to {@link Ring#submit()}; completions are still read by one
         * thread at a time.
         *
         * @return this builder
         */
        public Builder multiIssuer() {
            flags = (flags & ~(SetupFlags.SINGLE_ISSUER | SetupFlags.DEFER_TASKRUN))
                    | SetupFlags.COOP_TASKRUN | SetupFlags.TASKRUN_FLAG;
            return this;
        }

        /**
         * A kernel thread polls the SQ ({@code SQPOLL}); submission then needs a system call only
         * to wake it after {@code idleMillis} without work (0: the kernel's default). Drops the
         * task-run flags, which the kernel refuses with SQPOLL.
         *
         * @param idleMillis idle time before the poller sleeps, in milliseconds (0: the kernel default)
         * @return this builder
         */
        public Builder sqPoll(int idleMillis) {
            flags = (flags & ~TASKRUN_MODES) | SetupFlags.SQPOLL;
            this.sqThreadIdleMillis = idleMillis;
            return this;
        }

        /**
         * Pins the SQPOLL thread to {@code cpu} ({@code SQ_AFF}); needs {@link #sqPoll(int)}.
         *
         * @param cpu the CPU the poller runs on
         * @return this builder
         */
        public Builder sqPollCpu(int cpu) {
            flags |= SetupFlags.SQ_AFF;
            this.sqThreadCpu = cpu;
            return this;
        }

        /**
         * Busy-polls for completions ({@code IOPOLL}; O_DIRECT I/O on polled block devices only).
         *
         * @return this builder
         */
        public Builder ioPoll() {
            flags |= SetupFlags.IOPOLL;
            return this;
        }

        /**
         * {@code IOPOLL | HYBRID_IOPOLL}: sleep for part of the expected latency before polling.
         *
         * @return this builder
         */
        public Builder hybridIoPoll() {
            flags |= SetupFlags.IOPOLL | SetupFlags.HYBRID_IOPOLL;
            return this;
        }

        /**
         * 128-byte SQEs ({@code SQE128}), needed by the 128-byte opcodes.
         *
         * @return this builder
         */
        public Builder sqe128() {
            flags |= SetupFlags.SQE128;
            return this;
        }

        /**
         * 64- and 128-byte SQEs mixed in one SQ ({@code SQE_MIXED}, Linux 6.19): 128-byte opcodes
         * take two slots, from {@link Ring#nextSqe128()}.
         *
         * @return this builder
         */
        public Builder sqeMixed() {
            flags |= SetupFlags.SQE_MIXED;
            return this;
        }

        /**
         * 32-byte CQEs ({@code CQE32}).
         *
         * @return this builder
         */
        public Builder cqe32() {
            flags |= SetupFlags.CQE32;
            return this;
        }

        /**
         * 16- and 32-byte CQEs mixed in one CQ ({@code CQE_MIXED}).
         *
         * @return this builder
         */
        public Builder cqeMixed() {
            flags |= SetupFlags.CQE_MIXED;
            return this;
        }

        /**
         * Clamp too-large entry counts to the kernel's limits instead of failing ({@code CLAMP}).
         *
         * @return this builder
         */
        public Builder clamp() {
            flags |= SetupFlags.CLAMP;
            return this;
        }

        /**
         * Sets or clears {@code SUBMIT_ALL} (on by default).
         *
         * @param on true to set {@code SUBMIT_ALL}, false to clear it
         * @return this builder
         */
        public Builder submitAll(boolean on) {
            flags = on ? flags | SetupFlags.SUBMIT_ALL : flags & ~SetupFlags.SUBMIT_ALL;
            return this;
        }

        /**
         * Opens the ring disabled ({@code R_DISABLED}); nothing is submitted until {@link Ring#enable()}.
         *
         * @return this builder
         */
        public Builder disabled() {
            flags |= SetupFlags.R_DISABLED;
            return this;
        }

        /**
         * Shares the io-wq worker pool of {@code other} ({@code ATTACH_WQ}); it must stay open while this is set up.
         *
         * @param other the open ring whose worker pool to share
         * @return this builder
         */
        public Builder attachWq(Ring other) {
            if (other == null) {
                throw new IllegalArgumentException("attachWq: other must not be null");
            }
            flags |= SetupFlags.ATTACH_WQ;
            this.attachWq = other;
            return this;
        }

        /**
         * Registers the ring fd at open ({@code REGISTER_RING_FDS}) so every io_uring_enter
         * passes the registered index ({@code ENTER_REGISTERED_RING}). Needs a single-issuer ring:
         * the registration belongs to the owner thread.
         *
         * @return this builder
         */
        public Builder registerRingFd() {
            this.registerRingFd = true;
            return this;
        }

        /**
         * Checks the options and makes them.
         *
         * @return the options
         * @throws IllegalArgumentException naming the option and the rule it breaks
         */
        public RingOptions build() {
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
            if ((flags & UNSUPPORTED) != 0) {
                throw new IllegalArgumentException("flags " + SetupFlags.describe(flags & UNSUPPORTED)
                        + " are not supported by Ring (it maps the kernel's ring memory itself, one fd per ring)");
            }
            if ((flags & SetupFlags.CQSIZE) != 0 && cqEntries == 0) {
                throw new IllegalArgumentException("flag CQSIZE needs cqEntries(n); it is set for you when cqEntries is given");
            }
            requires(SetupFlags.DEFER_TASKRUN, SetupFlags.SINGLE_ISSUER);
            requires(SetupFlags.HYBRID_IOPOLL, SetupFlags.IOPOLL);
            requires(SetupFlags.SQ_AFF, SetupFlags.SQPOLL);
            if ((flags & SetupFlags.TASKRUN_FLAG) != 0 && (flags & (SetupFlags.COOP_TASKRUN | SetupFlags.DEFER_TASKRUN)) == 0) {
                throw new IllegalArgumentException("flag TASKRUN_FLAG needs COOP_TASKRUN or DEFER_TASKRUN");
            }
            if ((flags & SetupFlags.SQPOLL) != 0 && (flags & TASKRUN_MODES) != 0) {
                throw new IllegalArgumentException("flags " + SetupFlags.describe(flags & TASKRUN_MODES)
                        + " cannot be combined with SQPOLL (the poll thread, not the submitter, runs completion work)");
            }
            if ((flags & SetupFlags.CQE32) != 0 && (flags & SetupFlags.CQE_MIXED) != 0) {
                throw new IllegalArgumentException("flags CQE32 and CQE_MIXED exclude each other");
            }
            if ((flags & SetupFlags.SQE128) != 0 && (flags & SetupFlags.SQE_MIXED) != 0) {
                throw new IllegalArgumentException("flags SQE128 and SQE_MIXED exclude each other");
            }
            if (((flags & SetupFlags.ATTACH_WQ) != 0) != (attachWq != null)) {
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
            return new RingOptions(this);
        }

        private void requires(int flag, int needed) {
            if ((flags & flag) != 0 && (flags & needed) == 0) {
                throw new IllegalArgumentException("flag " + SetupFlags.describe(flag) + " needs " + SetupFlags.describe(needed));
            }
        }
    }
}
