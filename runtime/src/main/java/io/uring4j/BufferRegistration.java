package io.uring4j;

import io.uring4j.kernel.flags.BufferLimits;
import io.uring4j.kernel.flags.RegisterOp;
import io.uring4j.kernel.structs.IoUringRsrcRegister;
import io.uring4j.kernel.structs.Iovec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Registers a ring's fixed buffers in one call ({@code REGISTER_BUFFERS2}) so that the
 * fixed-buffer opcodes (e.g. {@code SEND_ZC_FIXED}) can name them by index. A stop-gap for the
 * zero-copy helpers and their tests: the full registration layer (BufferTable) replaces it.
 * The kernel pins the buffers' pages and charges them to RLIMIT_MEMLOCK; the caller keeps the
 * segments alive until {@link #unregister(Ring)} or the ring's close.
 */
final class BufferRegistration {
    private BufferRegistration() {}

    /**
     * Registers {@code buffers} as fixed buffers 0..n-1 of {@code ring}.
     *
     * @throws IllegalArgumentException when no buffer is given, too many are, or one is not a live native segment
     * @throws UringException           when the kernel refuses (ENOMEM: over RLIMIT_MEMLOCK; EBUSY: already registered)
     */
    static void register(Ring ring, MemorySegment... buffers) {
        if (buffers == null || buffers.length == 0) {
            throw new IllegalArgumentException("buffers must name at least one segment");
        }
        if (buffers.length > BufferLimits.MAX_REG_BUFFERS) {
            throw new IllegalArgumentException("buffers holds " + buffers.length + " segments; a ring registers at most "
                    + BufferLimits.MAX_REG_BUFFERS);
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment iovecs = a.allocate(Iovec.SIZE * buffers.length, Long.BYTES);
            for (int i = 0; i < buffers.length; i++) {
                Iovec.iovBase(iovecs, Iovec.SIZE * i, Checks.address(buffers[i], "buffers[" + i + "]"));
                Iovec.iovLen(iovecs, Iovec.SIZE * i, buffers[i].byteSize());
            }
            MemorySegment reg = a.allocate(IoUringRsrcRegister.LAYOUT);
            IoUringRsrcRegister.nr(reg, 0, buffers.length);
            IoUringRsrcRegister.data(reg, 0, iovecs.address());
            ring.register(RegisterOp.REGISTER_BUFFERS2, reg, (int) IoUringRsrcRegister.SIZE);
        }
    }

    /** Drops every fixed buffer of {@code ring} ({@code UNREGISTER_BUFFERS}). */
    static void unregister(Ring ring) {
        ring.register(RegisterOp.UNREGISTER_BUFFERS, null, 0);
    }
}
