package io.uring4j.testkit;

import io.uring4j.Ring;
import io.uring4j.kernel.flags.RegisterOp;
import io.uring4j.kernel.structs.IoUringBuf;
import io.uring4j.kernel.structs.IoUringBufReg;
import io.uring4j.kernel.structs.IoUringBufRing;
import io.uring4j.register.BufferTable;
import io.uring4j.register.FileTable;
import io.uring4j.testsupport.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Resources registered on a ring: a sparse file table filled slot by slot and a sparse buffer
 * table likewise (the runtime's {@link FileTable} and {@link BufferTable}, which the ring closes
 * with itself), and provided-buffer rings. The runtime has no provided-buffer-ring API yet, so
 * those are registered here with io_uring_register(2) on {@link Ring#fd()}.
 */
final class Registrations {
    /** Table size used when a scenario registers a file or buffer without sizing the table. */
    static final int DEFAULT_SLOTS = 16;

    private final Ring ring;
    private final Arena arena;
    private FileTable files;
    private int nextFile;
    private BufferTable buffers;
    private int nextBuffer;

    Registrations(Ring ring, Arena arena) {
        this.ring = ring;
        this.arena = arena;
    }

    /** Registers an empty (sparse) file table of {@code slots} entries. */
    void fileTable(int slots) {
        if (files != null) {
            throw new IllegalStateException("the ring already has a file table of " + files.size() + " slots");
        }
        files = FileTable.sparse(ring, slots);
    }

    /** Puts {@code fd} in the next free slot of the file table (made on first use); returns the slot. */
    int addFile(int fd) {
        if (files == null) {
            fileTable(DEFAULT_SLOTS);
        }
        if (nextFile >= files.size()) {
            throw new IllegalStateException("the file table's " + files.size() + " slots are all used");
        }
        files.update(nextFile, fd);
        return nextFile++;
    }

    /**
     * Registers a new zeroed buffer of {@code size} bytes in the next slot of the buffer table
     * (made on first use); returns the buffer, which the table owns. Its slot is {@link #lastBufferSlot()}.
     */
    MemorySegment addBuffer(long size) {
        if (buffers == null) {
            buffers = BufferTable.sparse(ring, DEFAULT_SLOTS);
        }
        if (nextBuffer >= buffers.size()) {
            throw new IllegalStateException("the buffer table's " + buffers.size() + " slots are all used");
        }
        MemorySegment b = buffers.replace(nextBuffer++, size);
        b.fill((byte) 0);
        return b;
    }

    int lastBufferSlot() {
        return nextBuffer - 1;
    }

    /**
     * Registers a provided-buffer ring for {@code group} holding {@code count} buffers of
     * {@code size} bytes cut from {@code region} (ids 0..count-1), all handed to the kernel.
     */
    void bufRing(int group, int count, int size, MemorySegment region) {
        int entries = Integer.highestOneBit(Math.max(1, count - 1)) << 1;
        MemorySegment mem = arena.allocate(IoUringBuf.SIZE * entries, Libc.pageSize());
        for (int i = 0; i < count; i++) {
            long base = i * IoUringBuf.SIZE;
            IoUringBuf.addr(mem, base, region.address() + (long) i * size);
            IoUringBuf.len(mem, base, size);
            IoUringBuf.bid(mem, base, i);
        }
        // The tail shares the first entry's last bytes; written last, it publishes the entries.
        IoUringBufRing.tail(mem, 0, count);
        MemorySegment reg = arena.allocate(IoUringBufReg.LAYOUT);
        IoUringBufReg.ringAddr(reg, 0, mem.address());
        IoUringBufReg.ringEntries(reg, 0, entries);
        IoUringBufReg.bgid(reg, 0, group);
        int r = Libc.ioUringRegister(ring.fd(), RegisterOp.REGISTER_PBUF_RING, reg, 1);
        Libc.check("io_uring_register(REGISTER_PBUF_RING, group " + group + ")", r);
    }
}
