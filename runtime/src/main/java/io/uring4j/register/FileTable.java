package io.uring4j.register;

import io.uring4j.Ring;
import io.uring4j.UringException;
import io.uring4j.internal.RegisterCall;
import io.uring4j.kernel.flags.RegisterOp;
import io.uring4j.kernel.flags.RsrcFlags;
import io.uring4j.kernel.structs.IoUringFileIndexRange;
import io.uring4j.kernel.structs.IoUringRsrcRegister;
import io.uring4j.kernel.structs.IoUringRsrcUpdate2;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A ring's registered-file table: slots that requests name by index instead of by fd, with
 * {@link io.uring4j.kernel.flags.SqeFlags#FIXED_FILE}, and that direct-descriptor requests
 * ({@code OPENAT_DIRECT}, {@code ACCEPT_DIRECT}, {@code SOCKET_DIRECT}, ...) fill.
 *
 * <p>The kernel's table is the truth: registering takes a reference on each file, so the caller
 * may close its own fds right after; this object only remembers the table's size. A ring has at
 * most one table; {@link #close()} unregisters it (closing the ring drops it too).
 *
 * <pre>{@code
 * try (FileTable files = FileTable.register(ring, fd0, fd1)) {
 *     ring.nextSqe().read(1, buf).flags(SqeFlags.FIXED_FILE);   // reads fd1 through slot 1
 *     files.update(0, -1);                                       // empties slot 0
 * }
 * try (FileTable slots = FileTable.sparse(ring, 64)) {
 *     slots.allocRange(8, 56);   // FileIndex.ALLOC picks from slots 8..63 only
 * }
 * }</pre>
 *
 * <p>Calls allocate a little native scratch memory; they are not meant for the hot path. On a
 * single-issuer ring only the owner thread may call them; a table is not thread-safe.
 */
public final class FileTable extends RingRegistration {
    /** In {@link #update(int, int...)}: leave this slot as it is. */
    public static final int SKIP = RegisterOp.REGISTER_FILES_SKIP;
    /** In {@link #register(Ring, int...)} and {@link #update(int, int...)}: an empty slot. */
    public static final int EMPTY = -1;

    private final int size;

    private FileTable(Ring ring, int size) {
        super(ring, "file table");
        this.size = size;
    }

    /**
     * Registers one slot per entry of {@code fds} ({@code REGISTER_FILES2}); {@link #EMPTY}
     * leaves a slot empty.
     *
     * @param ring the ring; the calling thread must be allowed to submit or register on it
     * @param fds file descriptors, one per slot
     * @return the registration; close it to unregister
     * @throws IllegalArgumentException when {@code fds} is null or empty, or holds a negative
     *                                  value other than {@link #EMPTY}
     * @throws UringException           e.g. EBUSY when the ring already has a table, EBADF for a
     *                                  closed fd, EMFILE above the open-file limit
     */
    public static FileTable register(Ring ring, int... fds) {
        RegisterCall call = RegisterCall.on(ring);
        if (fds == null || fds.length == 0) {
            throw new IllegalArgumentException("fds must hold at least one descriptor");
        }
        for (int i = 0; i < fds.length; i++) {
            if (fds[i] < EMPTY) {
                throw new IllegalArgumentException("fds[" + i + "] must be an fd >= 0 or EMPTY (-1); was " + fds[i]);
            }
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment array = arena.allocateFrom(ValueLayout.JAVA_INT, fds);
            registerTable(call, arena, fds.length, 0, array.address());
        }
        return new FileTable(ring, fds.length);
    }

    /**
     * Registers {@code size} empty slots ({@code REGISTER_FILES2} with {@code RSRC_REGISTER_SPARSE}),
     * to be filled by {@link #update} or by direct-descriptor requests.
     *
     * @param ring the ring; the calling thread must be allowed to submit or register on it
     * @param size number of empty slots, at least 1
     * @return the registration; close it to unregister
     * @throws IllegalArgumentException when {@code size < 1}
     */
    public static FileTable sparse(Ring ring, int size) {
        RegisterCall call = RegisterCall.on(ring);
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1; was " + size);
        }
        try (Arena arena = Arena.ofConfined()) {
            registerTable(call, arena, size, RsrcFlags.REGISTER_SPARSE, 0L);
        }
        return new FileTable(ring, size);
    }

    private static void registerTable(RegisterCall call, Arena arena, int nr, int flags, long data) {
        MemorySegment reg = arena.allocate(IoUringRsrcRegister.LAYOUT);
        IoUringRsrcRegister.nr(reg, 0, nr);
        IoUringRsrcRegister.flags(reg, 0, flags);
        IoUringRsrcRegister.data(reg, 0, data);
        call.run(RegisterOp.REGISTER_FILES2, reg, (int) IoUringRsrcRegister.SIZE);
    }

    /**
     * Puts {@code fds} into the slots from {@code slot} on ({@code REGISTER_FILES_UPDATE2}):
     * an fd registers that file, {@link #EMPTY} empties the slot, {@link #SKIP} leaves it. A file
     * replaced or removed stays usable by requests already in flight.
     *
     * @param slot a slot index of this table, from 0 to {@code size() - 1}
     * @param fds file descriptors, one per slot
     * @throws IllegalArgumentException when the slots run past {@link #size()} or an entry is invalid
     * @throws UringException           when the kernel refuses an entry (e.g. EBADF); the entries
     *                                  before it are in place
     */
    public void update(int slot, int... fds) {
        RegisterCall call = checkOpen();
        if (fds == null || fds.length == 0) {
            throw new IllegalArgumentException("fds must hold at least one entry");
        }
        checkRange(slot, fds.length, "slot", "fds.length");
        for (int i = 0; i < fds.length; i++) {
            if (fds[i] < EMPTY && fds[i] != SKIP) {
                throw new IllegalArgumentException("fds[" + i + "] must be an fd >= 0, EMPTY (-1) or SKIP (-2); was "
                        + fds[i]);
            }
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment array = arena.allocateFrom(ValueLayout.JAVA_INT, fds);
            MemorySegment up = arena.allocate(IoUringRsrcUpdate2.LAYOUT);
            int done = 0;
            // The kernel stops at the first entry it refuses and reports how many it took; asking
            // again from there reports the refusal itself as an error.
            while (done < fds.length) {
                IoUringRsrcUpdate2.offset(up, 0, slot + done);
                IoUringRsrcUpdate2.data(up, 0, array.address() + (long) done * Integer.BYTES);
                IoUringRsrcUpdate2.nr(up, 0, fds.length - done);
                int took = call.run(RegisterOp.REGISTER_FILES_UPDATE2, up, (int) IoUringRsrcUpdate2.SIZE);
                if (took == 0) {
                    throw new IllegalStateException("the kernel took no entry of a file update without an error");
                }
                done += took;
            }
        }
    }

    /**
     * Empties {@code slot}: the same as {@code update(slot, EMPTY)}.
     *
     * @param slot a slot index of this table, from 0 to {@code size() - 1}
     */
    public void clear(int slot) {
        update(slot, EMPTY);
    }

    /**
     * Restricts the slots the kernel picks for {@link io.uring4j.kernel.flags.FileIndex#ALLOC}
     * requests to {@code [offset, offset + length)} ({@code REGISTER_FILE_ALLOC_RANGE}), leaving
     * the others for the caller to manage by index.
     *
     * @param offset the first slot of the range
     * @param length the number of slots in the range
     * @throws IllegalArgumentException when the range is not inside the table
     */
    public void allocRange(int offset, int length) {
        RegisterCall call = checkOpen();
        checkRange(offset, length, "offset", "length");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment range = arena.allocate(IoUringFileIndexRange.LAYOUT);
            IoUringFileIndexRange.off(range, 0, offset);
            IoUringFileIndexRange.len(range, 0, length);
            call.run(RegisterOp.REGISTER_FILE_ALLOC_RANGE, range, 0);
        }
    }

    /** {@return number of slots} */
    public int size() {
        return size;
    }

    /**
     * {@code UNREGISTER_FILES}: the kernel drops its file references once requests in flight are
     * done with them.
     */
    @Override
    void unregister() {
        RegisterCall.on(ring).run(RegisterOp.UNREGISTER_FILES, null, 0);
    }

    private void checkRange(int start, int count, String startName, String countName) {
        if (start < 0 || count < 0 || start > size || count > size - start) {
            throw new IllegalArgumentException(startName + " (" + start + ") and " + countName + " (" + count
                    + ") must lie inside the table's " + size + " slots");
        }
    }

    @Override
    public String toString() {
        return "FileTable[size=" + size + (isClosed() ? ", closed" : "") + "]";
    }
}
