package io.uring4j.internal;

import io.uring4j.Cqe;
import io.uring4j.Sqe;
import io.uring4j.kernel.flags.FeatureFlags;
import io.uring4j.kernel.flags.MmapFlags;
import io.uring4j.kernel.flags.MmapOffsets;
import io.uring4j.kernel.flags.MmapProt;
import io.uring4j.kernel.flags.SetupFlags;
import io.uring4j.kernel.structs.IoCqringOffsets;
import io.uring4j.kernel.structs.IoSqringOffsets;
import io.uring4j.kernel.structs.IoUringParams;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The three regions a ring fd exposes through mmap(2) — the SQ ring, the CQ ring (the same
 * mapping with {@code FEAT_SINGLE_MMAP}) and the SQE array — sized from the {@code io_uring_params}
 * the kernel filled in. The segments belong to an arena of their own, closed by {@link #unmap}
 * before the memory goes, so a stale access (an old view kept across a resize or close) fails in
 * Java instead of touching unmapped memory.
 */
public final class RingMapping {
    private static final int PROT = MmapProt.READ | MmapProt.WRITE;
    private static final int MAP = MmapFlags.SHARED | MmapFlags.POPULATE;

    public final MemorySegment sqRing;
    public final MemorySegment cqRing;
    public final MemorySegment sqes;
    private final Arena arena;
    private final long sqRingAddress;
    private final long sqRingSize;
    private final long cqRingAddress;
    private final long cqRingSize;
    private final long sqesAddress;
    private final long sqesSize;

    private RingMapping(Arena arena, MemorySegment sqRing, MemorySegment cqRing, MemorySegment sqes, long sqRingAddress,
            long sqRingSize, long cqRingAddress, long cqRingSize, long sqesAddress, long sqesSize) {
        this.arena = arena;
        this.sqRing = sqRing;
        this.cqRing = cqRing;
        this.sqes = sqes;
        this.sqRingAddress = sqRingAddress;
        this.sqRingSize = sqRingSize;
        this.cqRingAddress = cqRingAddress;
        this.cqRingSize = cqRingSize;
        this.sqesAddress = sqesAddress;
        this.sqesSize = sqesSize;
    }

    /** {@return bytes of one CQE for the ring's flags} */
    public static int cqeSize(int setupFlags) {
        return (setupFlags & SetupFlags.CQE32) != 0 ? Cqe.BIG_SIZE : Cqe.SIZE;
    }

    /** {@return bytes of one SQE for the ring's flags} */
    public static int sqeSize(int setupFlags) {
        return (setupFlags & SetupFlags.SQE128) != 0 ? Sqe.BIG_SIZE : Sqe.SIZE;
    }

    /**
     * Maps the regions of ring {@code fd}, sized from the entry counts and offsets in
     * {@code params} and the ring's setup flags and features (which a resize does not report
     * back); on failure unmaps what was mapped and returns null, leaving the (negative) errno in
     * {@code error[0]}.
     */
    public static RingMapping map(MemorySegment errno, int fd, MemorySegment params, int flags, int features, int[] error) {
        long sqOff = IoUringParams.OFF_SQ_OFF;
        long cqOff = IoUringParams.OFF_CQ_OFF;
        long sqEntries = Integer.toUnsignedLong(IoUringParams.sqEntries(params, 0));
        long cqEntries = Integer.toUnsignedLong(IoUringParams.cqEntries(params, 0));
        // Without NO_SQARRAY the index array ends the SQ region; with it, sq_off.array is 0 and
        // the CQ region is the larger one.
        long sqSize = Integer.toUnsignedLong(IoSqringOffsets.array(params, sqOff))
                + sqEntries * ValueLayout.JAVA_INT.byteSize();
        long cqSize = Integer.toUnsignedLong(IoCqringOffsets.cqes(params, cqOff)) + cqEntries * cqeSize(flags);
        boolean single = (features & FeatureFlags.SINGLE_MMAP) != 0;
        if (single) {
            sqSize = Math.max(sqSize, cqSize);
            cqSize = sqSize;
        }
        long sqesSize = sqEntries * sqeSize(flags);

        long sqAddr = Syscalls.mmap(errno, sqSize, PROT, MAP, fd, MmapOffsets.SQ_RING);
        if (sqAddr < 0) {
            error[0] = (int) sqAddr;
            return null;
        }
        long cqAddr = sqAddr;
        if (!single) {
            cqAddr = Syscalls.mmap(errno, cqSize, PROT, MAP, fd, MmapOffsets.CQ_RING);
            if (cqAddr < 0) {
                error[0] = (int) cqAddr;
                Syscalls.munmap(errno, sqAddr, sqSize);
                return null;
            }
        }
        long sqesAddr = Syscalls.mmap(errno, sqesSize, PROT, MAP, fd, MmapOffsets.SQES);
        if (sqesAddr < 0) {
            error[0] = (int) sqesAddr;
            Syscalls.munmap(errno, sqAddr, sqSize);
            if (!single) {
                Syscalls.munmap(errno, cqAddr, cqSize);
            }
            return null;
        }
        Arena arena = Arena.ofShared();
        MemorySegment sq = MemorySegment.ofAddress(sqAddr).reinterpret(sqSize, arena, null);
        MemorySegment cq = single ? sq : MemorySegment.ofAddress(cqAddr).reinterpret(cqSize, arena, null);
        MemorySegment sqes = MemorySegment.ofAddress(sqesAddr).reinterpret(sqesSize, arena, null);
        return new RingMapping(arena, sq, cq, sqes, sqAddr, sqSize, single ? 0 : cqAddr, single ? 0 : cqSize,
                sqesAddr, sqesSize);
    }

    /**
     * Makes the segments unusable, then releases every region: the kernel's mapping goes at once
     * (the ring loses this reference), a placeholder holds the addresses a little longer
     * ({@link RetiredRegions} says why).
     */
    public void unmap(MemorySegment errno) {
        retire();
        RetiredRegions.retire(errno, sqesAddress, sqesSize);
        if (cqRingAddress != 0) {
            RetiredRegions.retire(errno, cqRingAddress, cqRingSize);
        }
        RetiredRegions.retire(errno, sqRingAddress, sqRingSize);
    }

    /** Makes the segments unusable (views kept by the application fail in Java); the regions stay mapped. */
    public void retire() {
        arena.close();
    }
}
