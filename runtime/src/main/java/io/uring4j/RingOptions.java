package io.uring4j;

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
    static final int TASKRUN_MODES = SetupFlags.COOP_TASKRUN | SetupFlags.TASKRUN_FLAG
            | SetupFlags.DEFER_TASKRUN;

    /** Flags this runtime cannot honour: it maps the kernel's ring memory itself. */
    static final int UNSUPPORTED = SetupFlags.NO_MMAP | SetupFlags.REGISTERED_FD_ONLY;

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
            RingOptionsRules.check(entries, cqEntries, flags, sqThreadIdleMillis, sqThreadCpu,
                    attachWq != null, registerRingFd);
            return new RingOptions(this);
        }
    }
}
