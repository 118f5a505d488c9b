package io.uring4j.register;

import io.uring4j.Ring;
import io.uring4j.UringException;
import io.uring4j.internal.BufferMemory;
import io.uring4j.internal.NativeAllocation;
import io.uring4j.internal.PageSize;
import io.uring4j.internal.RegisterCall;
import io.uring4j.internal.RingAccess;
import io.uring4j.kernel.flags.BufferLimits;
import io.uring4j.kernel.flags.RegisterOp;
import io.uring4j.kernel.flags.RsrcFlags;
import io.uring4j.kernel.structs.IoUringCloneBuffers;
import io.uring4j.kernel.structs.IoUringRsrcRegister;
import io.uring4j.kernel.structs.IoUringRsrcUpdate2;
import io.uring4j.kernel.structs.Iovec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A ring's registered-buffer table: buffers the kernel pins once, so {@code READ_FIXED},
 * {@code WRITE_FIXED} and the other fixed-buffer requests skip mapping user memory per request.
 *
 * <p>Memory rule: the table allocates the buffers itself, from native memory it owns, and hands
 * them out with {@link #buffer(int)}. That memory is freed only by {@link #close()}, after the
 * table is unregistered, so the kernel never has freed memory registered; afterwards every
 * segment obtained from the table is dead and a prep method refuses it. Memory of a replaced
 * or cleared slot stays allocated until then. A clone on another ring ({@link #cloneTo(Ring)})
 * shares the memory, which lives until the last of the tables sharing it is closed. Closing a
 * table while fixed-buffer requests that name its memory are in flight is safe: the table is
 * unregistered at once, but the memory is freed only after the final completion of the last of
 * them (the request holds the segment passed to its prep method; see {@link io.uring4j.IoArena}).
 *
 * <pre>{@code
 * try (BufferTable bufs = BufferTable.register(ring, 4, 64 * 1024)) {
 *     MemorySegment b0 = bufs.buffer(0);
 *     ring.nextSqe().readFixed(fd, b0.asSlice(0, 4096), 0, 0L, 0, 0);   // a slice of buffer 0
 *     MemorySegment bigger = bufs.replace(1, 1 << 20);                 // slot 1: a new 1 MiB buffer
 * }
 * }</pre>
 *
 * <p>Calls allocate a little native scratch memory; they are not meant for the hot path. On a
 * single-issuer ring only the owner thread may call them; a table is not thread-safe.
 */
public final class BufferTable extends RingRegistration {
    /**
     * Alignment of the buffers the table allocates: the page size (from libc), which also
     * satisfies the block alignment O_DIRECT asks of a buffer.
     */
    public static final long DEFAULT_ALIGNMENT = PageSize.BYTES;

    private final BufferMemory memory;
    private final MemorySegment[] slots;

    private BufferTable(Ring ring, BufferMemory memory, MemorySegment[] slots) {
        super(ring, "buffer table");
        this.memory = memory;
        this.slots = slots;
    }

    /**
     * Allocates {@code count} buffers of {@code size} bytes and registers them
     * ({@code REGISTER_BUFFERS2}) in slots 0 to {@code count - 1}.
     *
     * @param ring the ring; the calling thread must be allowed to submit or register on it
     * @param count number of buffers (slots), at least 1
     * @param size bytes per buffer, at least 1
     * @return the registration; close it to unregister
     * @throws IllegalArgumentException when {@code count} is outside 1 to {@link BufferLimits#MAX_REG_BUFFERS},
     *                                  {@code size} outside 1 to {@link BufferLimits#MAX_REG_BUFFER_SIZE}, or the
     *                                  memory cannot be allocated (the message names the size)
     * @throws UringException           e.g. ENOMEM over the locked-memory limit (the message says
     *                                  how to raise it), EBUSY when the ring already has a table
     */
    public static BufferTable register(Ring ring, int count, long size) {
        checkCount(count, "count");
        long[] sizes = new long[count];
        Arrays.fill(sizes, size);
        return registerSizes(ring, sizes);
    }

    /**
     * Allocates one buffer per entry of {@code sizes} and registers them in slots 0, 1, ... in that
     * order. (A name of its own, so that {@code register(ring, 4096, 8192)} cannot be read as two sizes.)
     *
     * @param ring the ring; the calling thread must be allowed to submit or register on it
     * @param sizes bytes of each buffer, one per slot
     * @return the registration; close it to unregister
     * @throws IllegalArgumentException when {@code sizes} is null, empty or longer than
     *                                  {@link BufferLimits#MAX_REG_BUFFERS}, a size is outside 1 to
     *                                  {@link BufferLimits#MAX_REG_BUFFER_SIZE}, or the memory cannot be allocated
     */
    public static BufferTable registerSizes(Ring ring, long... sizes) {
        RegisterCall call = RegisterCall.on(ring);
        if (sizes == null || sizes.length == 0) {
            throw new IllegalArgumentException("sizes must hold at least one buffer size");
        }
        checkCount(sizes.length, "sizes.length");
        long total = 0;
        for (int i = 0; i < sizes.length; i++) {
            checkSize(sizes[i], "sizes[" + i + "]");
            total += sizes[i];
        }
        BufferMemory memory = new BufferMemory();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment[] slots = new MemorySegment[sizes.length];
            MemorySegment iovecs = arena.allocate(Iovec.LAYOUT, sizes.length);
            for (int i = 0; i < sizes.length; i++) {
                slots[i] = memory.allocate(sizes[i], DEFAULT_ALIGNMENT);
                Iovec.iovBase(iovecs, i * Iovec.SIZE, slots[i].address());
                Iovec.iovLen(iovecs, i * Iovec.SIZE, sizes[i]);
            }
            registerTable(call, arena, sizes.length, 0, iovecs.address());
            return new BufferTable(ring, memory, slots);
        } catch (OutOfMemoryError e) {
            memory.release();
            throw NativeAllocation.tooLarge(sizes.length == 1 ? "size" : "the sum of the buffer sizes", total, e);
        } catch (RuntimeException | Error e) {
            memory.release();
            throw e;
        }
    }

    /**
     * Registers {@code size} empty slots ({@code RSRC_REGISTER_SPARSE}), filled later by
     * {@link #replace(int, long)}.
     *
     * @param ring the ring; the calling thread must be allowed to submit or register on it
     * @param size number of empty slots, at least 1
     * @return the registration; close it to unregister
     * @throws IllegalArgumentException when {@code size} is outside 1 to {@link BufferLimits#MAX_REG_BUFFERS}
     */
    public static BufferTable sparse(Ring ring, int size) {
        RegisterCall call = RegisterCall.on(ring);
        checkCount(size, "size");
        BufferMemory memory = new BufferMemory();
        try (Arena arena = Arena.ofConfined()) {
            registerTable(call, arena, size, RsrcFlags.REGISTER_SPARSE, 0L);
            return new BufferTable(ring, memory, new MemorySegment[size]);
        } catch (RuntimeException | Error e) {
            memory.release();
            throw e;
        }
    }

    private static void registerTable(RegisterCall call, Arena arena, int nr, int flags, long data) {
        MemorySegment reg = arena.allocate(IoUringRsrcRegister.LAYOUT);
        IoUringRsrcRegister.nr(reg, 0, nr);
        IoUringRsrcRegister.flags(reg, 0, flags);
        IoUringRsrcRegister.data(reg, 0, data);
        call.run(RegisterOp.REGISTER_BUFFERS2, reg, (int) IoUringRsrcRegister.SIZE);
    }

    /**
     * The buffer registered in {@code slot}: pass it, or a slice of it, to a fixed-buffer prep
     * method together with {@code slot} as the buffer index.
     *
     * @param slot a slot index of this table, from 0 to {@code size() - 1}
     * @return the registered buffer, or null for an empty slot
     * @throws IllegalStateException when the slot is empty or the table is closed
     */
    public MemorySegment buffer(int slot) {
        checkNotClosed();
        checkSlot(slot);
        MemorySegment b = slots[slot];
        if (b == null) {
            throw new IllegalStateException("buffer slot " + slot + " is empty");
        }
        return b;
    }

    /**
     * {@return true when {@code slot} holds no buffer}
     *
     * @param slot a slot index of this table, from 0 to {@code size() - 1}
     */
    public boolean isEmpty(int slot) {
        checkSlot(slot);
        return slots[slot] == null;
    }

    /**
     * Allocates a new buffer of {@code size} bytes and registers it in {@code slot}
     * ({@code REGISTER_BUFFERS_UPDATE}), replacing what was there; requests in flight keep using
     * the old buffer, whose memory stays allocated until {@link #close()}.
     *
     * @param slot a slot index of this table, from 0 to {@code size() - 1}
     * @param size bytes of the new buffer, at least 1
     * @return the new buffer
     */
    public MemorySegment replace(int slot, long size) {
        RegisterCall call = checkOpen();
        checkSlot(slot);
        checkSize(size, "size");
        MemorySegment b;
        try {
            b = memory.allocate(size, DEFAULT_ALIGNMENT);
        } catch (OutOfMemoryError e) {
            throw NativeAllocation.tooLarge("size", size, e);
        }
        update(call, slot, b);
        return b;
    }

    /**
     * Registers {@code segment} in {@code slot}. The segment must come from this table (a
     * buffer it handed out, or a slice of one), so that its memory lives as long as the table.
     *
     * @param slot a slot index of this table, from 0 to {@code size() - 1}
     * @param segment native memory, alive while the kernel may use it
     * @throws IllegalArgumentException when the segment is not this table's memory or is empty
     */
    public void replace(int slot, MemorySegment segment) {
        RegisterCall call = checkOpen();
        checkSlot(slot);
        if (segment == null) {
            throw new IllegalArgumentException("segment must not be null; use clear(slot) to empty a slot");
        }
        if (!memory.owns(segment)) {
            throw new IllegalArgumentException("segment must be memory of this table (from buffer() or replace());"
                    + " other memory could be freed while the kernel has it registered");
        }
        checkSize(segment.byteSize(), "segment.byteSize()");
        update(call, slot, segment);
    }

    /**
     * Empties {@code slot}; a fixed-buffer request naming it then fails with EFAULT.
     *
     * @param slot a slot index of this table, from 0 to {@code size() - 1}
     */
    public void clear(int slot) {
        RegisterCall call = checkOpen();
        checkSlot(slot);
        update(call, slot, null);
    }

    private void update(RegisterCall call, int slot, MemorySegment b) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment iovec = arena.allocate(Iovec.LAYOUT);
            // base 0 and length 0 is the kernel's "no buffer" entry
            Iovec.iovBase(iovec, 0, b == null ? 0L : b.address());
            Iovec.iovLen(iovec, 0, b == null ? 0L : b.byteSize());
            MemorySegment up = arena.allocate(IoUringRsrcUpdate2.LAYOUT);
            IoUringRsrcUpdate2.offset(up, 0, slot);
            IoUringRsrcUpdate2.data(up, 0, iovec.address());
            IoUringRsrcUpdate2.nr(up, 0, 1);
            call.run(RegisterOp.REGISTER_BUFFERS_UPDATE, up, (int) IoUringRsrcUpdate2.SIZE);
        }
        slots[slot] = b;
    }

    /**
     * Registers this table's buffers on {@code target} too ({@code REGISTER_CLONE_BUFFERS}),
     * without pinning them again: the new table has the same slots with the same memory, which
     * stays allocated until both tables are closed. Later changes to either table are not
     * mirrored in the other. The calling thread must be allowed to register on both rings.
     *
     * @param target the other ring
     * @return the table on {@code target}; close it like any other
     * @throws IllegalArgumentException when {@code target} is this table's ring
     * @throws UringException           e.g. EBUSY when {@code target} already has buffers
     */
    public BufferTable cloneTo(Ring target) {
        checkOpen();
        RegisterCall call = RegisterCall.on(target);
        if (target == ring) {
            throw new IllegalArgumentException("target must be another ring than the table's own");
        }
        memory.retain();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment clone = arena.allocate(IoUringCloneBuffers.LAYOUT);
            IoUringCloneBuffers.srcFd(clone, 0, ring.fd());
            // nr 0: every slot, at the same indexes
            call.run(RegisterOp.REGISTER_CLONE_BUFFERS, clone, 1);
            return new BufferTable(target, memory, slots.clone());
        } catch (RuntimeException | Error e) {
            memory.release();
            throw e;
        }
    }

    /** {@return number of slots} */
    public int size() {
        return slots.length;
    }

    /** {@code UNREGISTER_BUFFERS}. */
    @Override
    void unregister() {
        RegisterCall.on(ring).run(RegisterOp.UNREGISTER_BUFFERS, null, 0);
    }

    /** Frees the buffers unless a clone still shares them. */
    @Override
    void released() {
        memory.release();
    }

    private void checkSlot(int slot) {
        if (slot < 0 || slot >= slots.length) {
            throw new IllegalArgumentException("slot must be from 0 to " + (slots.length - 1) + "; was " + slot);
        }
    }

    private static void checkSize(long size, String param) {
        if (size < 1 || size > BufferLimits.MAX_REG_BUFFER_SIZE) {
            throw new IllegalArgumentException(param + " must be from 1 to " + BufferLimits.MAX_REG_BUFFER_SIZE
                    + " bytes (the kernel's limit for one registered buffer); was " + size);
        }
    }

    private static void checkCount(int count, String param) {
        if (count < 1 || count > BufferLimits.MAX_REG_BUFFERS) {
            throw new IllegalArgumentException(param + " must be from 1 to " + BufferLimits.MAX_REG_BUFFERS
                    + " (the most buffers one ring may register); was " + count);
        }
    }

    @Override
    public String toString() {
        return "BufferTable[size=" + slots.length + (isClosed() ? ", closed" : "") + "]";
    }
}
