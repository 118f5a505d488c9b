package io.uring4j;

import io.uring4j.kernel.flags.RegisterOp;
import io.uring4j.kernel.flags.RsrcFlags;
import io.uring4j.kernel.structs.IoUringRsrcRegister;
import io.uring4j.kernel.structs.IoUringRsrcUpdate;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A ring's registered-file table in its simplest form: {@code n} empty slots
 * ({@code REGISTER_FILES2} with {@code REGISTER_SPARSE}), filled one at a time
 * ({@code REGISTER_FILES_UPDATE}). A stop-gap for MSG_RING fd passing and direct pipes and their
 * tests: the full registration layer (FileTable) replaces it.
 */
final class FileSlotRegistration {
    /** The fd value that empties a slot in a files update. */
    private static final int EMPTY = -1;

    private FileSlotRegistration() {}

    /**
     * Gives {@code ring} a table of {@code slots} empty registered-file slots.
     *
     * @throws IllegalArgumentException when slots is not positive
     * @throws UringException           when the kernel refuses (EBUSY: a table exists already)
     */
    static void registerSparse(Ring ring, int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be >= 1; was " + slots);
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment reg = a.allocate(IoUringRsrcRegister.LAYOUT);
            IoUringRsrcRegister.nr(reg, 0, slots);
            IoUringRsrcRegister.flags(reg, 0, RsrcFlags.REGISTER_SPARSE);
            ring.register(RegisterOp.REGISTER_FILES2, reg, (int) IoUringRsrcRegister.SIZE);
        }
    }

    /**
     * Puts {@code fd} (or nothing, with -1) in slot {@code slot}; the ring holds its own reference,
     * so the caller may close {@code fd} afterwards.
     *
     * @throws IllegalArgumentException when slot is negative or fd below -1
     * @throws UringException           when the kernel refuses (EINVAL: slot out of the table; EBADF: bad fd)
     */
    static void set(Ring ring, int slot, int fd) {
        if (slot < 0) {
            throw new IllegalArgumentException("slot must be >= 0; was " + slot);
        }
        if (fd < EMPTY) {
            throw new IllegalArgumentException("fd must be a descriptor, or -1 to empty the slot; was " + fd);
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment fds = a.allocateFrom(ValueLayout.JAVA_INT, fd);
            MemorySegment update = a.allocate(IoUringRsrcUpdate.LAYOUT);
            IoUringRsrcUpdate.offset(update, 0, slot);
            IoUringRsrcUpdate.data(update, 0, fds.address());
            ring.register(RegisterOp.REGISTER_FILES_UPDATE, update, 1);
        }
    }

    /** Drops the table ({@code UNREGISTER_FILES}); the ring's references to the files go with it. */
    static void unregister(Ring ring) {
        ring.register(RegisterOp.UNREGISTER_FILES, null, 0);
    }
}
