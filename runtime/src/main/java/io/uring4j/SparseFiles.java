package io.uring4j;

import io.uring4j.kernel.flags.RegisterOp;
import io.uring4j.kernel.flags.RsrcFlags;
import io.uring4j.kernel.structs.IoUringRsrcRegister;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Registers an empty (sparse) file table on a ring, so that direct-descriptor requests
 * ({@code SOCKET_DIRECT_ALLOC}, multishot accept direct) have slots to fill. A stop-gap for the
 * listener and its tests until the full file-table API is on this branch.
 */
final class SparseFiles {
    private SparseFiles() {}

    /** {@code IORING_REGISTER_FILES2} with {@code IORING_RSRC_REGISTER_SPARSE}: {@code slots} empty slots. */
    static void register(Ring ring, int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be >= 1; was " + slots);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment arg = arena.allocate(IoUringRsrcRegister.LAYOUT);
            IoUringRsrcRegister.nr(arg, 0, slots);
            IoUringRsrcRegister.flags(arg, 0, RsrcFlags.REGISTER_SPARSE);
            // For the *2 register opcodes the argument count is the struct's size.
            ring.register(RegisterOp.REGISTER_FILES2, arg, (int) IoUringRsrcRegister.SIZE);
        }
    }

    /** {@code IORING_UNREGISTER_FILES}: drops the table, closing what its slots still hold. */
    static void unregister(Ring ring) {
        ring.register(RegisterOp.UNREGISTER_FILES, null, 0);
    }
}
