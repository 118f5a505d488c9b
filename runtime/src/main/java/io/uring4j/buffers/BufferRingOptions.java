package io.uring4j.buffers;

import io.uring4j.Ring;
import io.uring4j.internal.Checks;
import io.uring4j.kernel.flags.BufferLimits;

/**
 * How to set up a {@link BufferRing}: its buffer group id, ring size, buffer size and count, and
 * whether the kernel allocates the ring ({@code IOU_PBUF_RING_MMAP}) or consumes buffers
 * incrementally ({@code IOU_PBUF_RING_INC}). Immutable; {@link Builder#build()} checks every
 * value, so a bad one is refused with its reason before any system call.
 *
 * <pre>{@code
 * BufferRingOptions opts = BufferRingOptions.builder(7, 64, 4096) // group 7, 64 entries, 4 KiB each
 *         .kernelMapped()
 *         .build();
 * try (BufferRing buffers = BufferRing.register(ring, opts)) { ... }
 * }</pre>
 */
public final class BufferRingOptions {
    private final int groupId;
    private final int entries;
    private final int bufferSize;
    private final int bufferCount;
    private final boolean kernelMapped;
    private final boolean incremental;

    private BufferRingOptions(Builder b) {
        this.groupId = b.groupId;
        this.entries = b.entries;
        this.bufferSize = b.bufferSize;
        this.bufferCount = b.bufferCount == 0 ? b.entries : b.bufferCount;
        this.kernelMapped = b.kernelMapped;
        this.incremental = b.incremental;
    }

    /**
     * Plain options: {@code entries} buffers of {@code bufferSize} bytes, ring memory from uring4j.
     *
     * @param groupId the buffer group id, 0 to 65535
     * @param entries ring entries, a power of two
     * @param bufferSize bytes per buffer
     * @return the options
     */
    public static BufferRingOptions of(int groupId, int entries, int bufferSize) {
        return builder(groupId, entries, bufferSize).build();
    }

    /**
     * A builder with the required values; the optional ones default to one buffer per entry,
     * ring memory allocated by uring4j, and whole-buffer consumption.
     *
     * @param groupId    the buffer group id requests name ({@code buf_group}), 0 to {@link BufferLimits#MAX_GROUP_ID}
     * @param entries    ring entries, a power of two from 1 to {@link BufferLimits#MAX_RING_ENTRIES}
     * @param bufferSize bytes per buffer, more than 0
     * @return a builder with the required values set
     */
    public static Builder builder(int groupId, int entries, int bufferSize) {
        return new Builder(groupId, entries, bufferSize);
    }

    /** {@return the buffer group id} */
    public int groupId() {
        return groupId;
    }

    /**
     * Ring entries (a power of two).
     *
     * @return ring entries, a power of two
     */
    public int entries() {
        return entries;
    }

    /** {@return bytes per buffer} */
    public int bufferSize() {
        return bufferSize;
    }

    /** {@return buffers carved out and placed in the ring, 1 to {@link #entries()}; buffer ids are 0 to this - 1} */
    public int bufferCount() {
        return bufferCount;
    }

    /** {@return true when the kernel allocates the ring memory and uring4j maps it ({@code IOU_PBUF_RING_MMAP})} */
    public boolean kernelMapped() {
        return kernelMapped;
    }

    /** {@return true when buffers are consumed incrementally ({@code IOU_PBUF_RING_INC})} */
    public boolean incremental() {
        return incremental;
    }

    @Override
    public String toString() {
        return "BufferRingOptions[groupId=" + groupId + ", entries=" + entries + ", bufferSize=" + bufferSize
                + ", bufferCount=" + bufferCount + (kernelMapped ? ", kernelMapped" : "")
                + (incremental ? ", incremental" : "") + "]";
    }

    /** Collects options; every method returns this builder. Not thread-safe. */
    public static final class Builder {
        private final int groupId;
        private final int entries;
        private final int bufferSize;
        private int bufferCount;
        private boolean kernelMapped;
        private boolean incremental;

        private Builder(int groupId, int entries, int bufferSize) {
            this.groupId = groupId;
            this.entries = entries;
            this.bufferSize = bufferSize;
        }

        /**
         * {@return buffers to carve out, 1 to the ring's entries (default: as many as entries)}
         *
         * @param bufferCount buffers to allocate, at least {@code entries}
         */
        public Builder bufferCount(int bufferCount) {
            if (bufferCount <= 0) {
                throw new IllegalArgumentException("bufferCount must be > 0; was " + bufferCount);
            }
            this.bufferCount = bufferCount;
            return this;
        }

        /**
         * The kernel allocates the ring ({@code IOU_PBUF_RING_MMAP}, Linux 6.4) and uring4j maps
         * it from the ring fd; the buffers themselves still come from uring4j.
         *
         * @return this builder
         */
        public Builder kernelMapped() {
            this.kernelMapped = true;
            return this;
        }

        /**
         * Incremental consumption ({@code IOU_PBUF_RING_INC}, Linux 6.12): one buffer serves
         * several completions, each taking the next bytes, until it is used up. A completion
         * with {@code IORING_CQE_F_BUF_MORE} means the kernel keeps the rest of the buffer.
         *
         * @return this builder
         */
        public Builder incremental() {
            this.incremental = true;
            return this;
        }

        /**
         * Checks the values and makes the options.
         *
         * @return the options
         * @throws IllegalArgumentException naming the value and its rule
         */
        public BufferRingOptions build() {
            if (groupId < 0 || groupId > BufferLimits.MAX_GROUP_ID) {
                throw new IllegalArgumentException("groupId must be from 0 to " + BufferLimits.MAX_GROUP_ID
                        + " (a 16-bit buffer group id); was " + groupId);
            }
            if (entries <= 0 || entries > BufferLimits.MAX_RING_ENTRIES || Integer.bitCount(entries) != 1) {
                throw new IllegalArgumentException("entries must be a power of two from 1 to "
                        + BufferLimits.MAX_RING_ENTRIES + "; was " + entries);
            }
            if (bufferSize <= 0) {
                throw new IllegalArgumentException("bufferSize must be > 0; was " + bufferSize);
            }
            if (bufferCount > entries) {
                throw new IllegalArgumentException("bufferCount must be at most entries (" + entries
                        + "), so every buffer fits in the ring at once; was " + bufferCount);
            }
            return new BufferRingOptions(this);
        }
    }
}
