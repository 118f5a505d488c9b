package io.uring4j.buffers;

import io.uring4j.Ring;
import io.uring4j.UringException;
import io.uring4j.internal.PageSize;
import io.uring4j.internal.RegisterCall;
import io.uring4j.internal.RetiredRegions;
import io.uring4j.internal.Syscalls;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.MmapFlags;
import io.uring4j.kernel.flags.MmapOffsets;
import io.uring4j.kernel.flags.MmapProt;
import io.uring4j.kernel.flags.PbufRingFlags;
import io.uring4j.kernel.flags.RegisterOp;
import io.uring4j.kernel.structs.IoUringBuf;
import io.uring4j.kernel.structs.IoUringBufReg;
import io.uring4j.kernel.structs.IoUringBufStatus;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The kernel side of a {@link BufferRing}: the ring of {@code io_uring_buf} entries, allocated
 * here or mapped from the ring fd ({@code PbufRingFlags.MMAP}), its registration as a buffer
 * group, the head status query, and unregistration and unmapping at close.
 */
final class BufferRingMapping {
    private static final int PROT = MmapProt.READ | MmapProt.WRITE;
    private static final int MAP = MmapFlags.SHARED | MmapFlags.POPULATE;
    private static final int U16 = 0xFFFF;

    private final Ring ring;
    private final int groupId;
    private final int entries;
    private final MemorySegment regArg;
    private final MemorySegment statusArg;
    /** The entries: the kernel reads them and the tail in the first one's reserved half. */
    final MemorySegment memory;
    private final long mapAddress;
    private final long mapLength;

    /** Registers group {@code groupId} with {@code entries} slots; the memory lives in {@code arena}. */
    BufferRingMapping(Ring ring, int groupId, int entries, boolean kernelMapped, boolean incremental, Arena arena) {
        this.ring = ring;
        this.groupId = groupId;
        this.entries = entries;
        this.regArg = arena.allocate(IoUringBufReg.LAYOUT);
        this.statusArg = arena.allocate(IoUringBufStatus.LAYOUT);
        long ringBytes = (long) entries * IoUringBuf.SIZE;
        MemorySegment own = kernelMapped ? null : arena.allocate(ringBytes, PageSize.BYTES);
        IoUringBufReg.ringAddr(regArg, 0, own == null ? 0L : own.address());
        IoUringBufReg.ringEntries(regArg, 0, entries);
        IoUringBufReg.bgid(regArg, 0, groupId);
        IoUringBufReg.flags(regArg, 0, (kernelMapped ? PbufRingFlags.MMAP : 0) | (incremental ? PbufRingFlags.INC : 0));
        int r = RegisterCall.on(ring).raw(RegisterOp.REGISTER_PBUF_RING, regArg, 1);
        if (r < 0) {
            throw registerFailed(-r);
        }
        if (kernelMapped) {
            long offset = MmapOffsets.PBUF_RING | ((long) groupId << MmapOffsets.PBUF_SHIFT);
            long address = Syscalls.mmap(Syscalls.newErrnoSegment(arena), ringBytes, PROT, MAP, ring.fd(), offset);
            if (address < 0) {
                unregister();
                throw new UringException("mmap of provided-buffer ring " + groupId, (int) -address);
            }
            this.mapAddress = address;
            this.mapLength = ringBytes;
            this.memory = MemorySegment.ofAddress(address).reinterpret(ringBytes, arena, null);
        } else {
            this.mapAddress = 0;
            this.mapLength = 0;
            this.memory = own;
        }
    }

    /** {@return the kernel's 16-bit head ({@code REGISTER_PBUF_STATUS})} */
    int head() {
        statusArg.fill((byte) 0);
        IoUringBufStatus.bufGroup(statusArg, 0, groupId);
        RegisterCall.on(ring).run(RegisterOp.REGISTER_PBUF_STATUS, statusArg, 1);
        return IoUringBufStatus.head(statusArg, 0) & U16;
    }

    /**
     * Unregisters the group unless the ring is closed already (ENOENT counts as done).
     *
     * @throws UringException when the kernel refuses
     */
    void unregisterIfRingOpen() {
        if (!ring.isClosed()) {
            int r = unregister();
            if (r < 0 && -r != Errno.ENOENT.value()) {
                throw new UringException("io_uring_register(UNREGISTER_PBUF_RING) of group " + groupId, -r);
            }
        }
    }

    /** Releases the kernel-allocated entries, if any, through a placeholder ({@link RetiredRegions}); call after the arena is closed. */
    void unmap() {
        if (mapAddress != 0) {
            try (Arena scratch = Arena.ofConfined()) {
                RetiredRegions.retire(Syscalls.newErrnoSegment(scratch), mapAddress, mapLength);
            }
        }
    }

    private int unregister() {
        regArg.fill((byte) 0); // the kernel wants flags and the reserved words zero
        IoUringBufReg.bgid(regArg, 0, groupId);
        return RegisterCall.on(ring).raw(RegisterOp.UNREGISTER_PBUF_RING, regArg, 1);
    }

    private UringException registerFailed(int errnoValue) {
        String hint = null;
        if (errnoValue == Errno.EEXIST.value()) {
            hint = "group " + groupId + " is already registered on this ring (as a buffer ring or a legacy"
                    + " PROVIDE_BUFFERS group); close it or pick another group id";
        } else if (errnoValue == Errno.ENOMEM.value()) {
            hint = "the kernel could not allocate or pin " + entries + " ring entries; use fewer entries or raise"
                    + " the locked-memory limit (ulimit -l / RLIMIT_MEMLOCK)";
        }
        return new UringException("io_uring_register(REGISTER_PBUF_RING) of group " + groupId, errnoValue, hint);
    }
}
