package io.uring4j.register;

import io.uring4j.Ring;
import io.uring4j.UringException;
import io.uring4j.internal.PageSize;
import io.uring4j.internal.RegisterCall;
import io.uring4j.internal.RingAccess;
import io.uring4j.internal.Syscalls;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.MemRegionType;
import io.uring4j.kernel.flags.MmapFlags;
import io.uring4j.kernel.flags.MmapProt;
import io.uring4j.kernel.flags.RegisterOp;
import io.uring4j.kernel.flags.SetupFlags;
import io.uring4j.kernel.structs.IoUringRegionDesc;
import io.uring4j.kernel.structs.IoUringZcrxAreaReg;
import io.uring4j.kernel.structs.IoUringZcrxIfqReg;
import io.uring4j.kernel.structs.IoUringZcrxOffsets;
import io.uring4j.kernel.structs.IoUringZcrxRqe;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A NIC receive queue registered for zero-copy receive ({@code IORING_REGISTER_ZCRX_IFQ}, Linux
 * 6.15): the NIC writes packet payloads straight into {@link #area()}, RECV_ZC completions say
 * where, and the application hands buffers back through the refill ring in {@link #refillRing()}.
 *
 * <p>What it needs, none of which uring4j can provide: {@code CAP_NET_ADMIN}; a ring with
 * {@code DEFER_TASKRUN} and {@code CQE32} or {@code CQE_MIXED}; and a NIC whose driver supports
 * the netdev queue-management API with header/data split ({@code ethtool -G IF tcp-data-split on})
 * and flow steering that sends the flow to {@code rxQueue} ({@code ethtool -N IF flow-type ...
 * action QUEUE}, with RSS kept off that queue). Loopback and virtual devices have no such queue:
 * there the kernel answers EOPNOTSUPP (or ENODEV), which this class reports with that list.
 *
 * <p>The area and the refill ring are page-aligned anonymous mappings that the ring owns: they
 * are unmapped when the ring closes, never before, because the kernel keeps them pinned for the
 * whole life of the registration (which io_uring ends only when the ring goes).
 *
 * <p>{@code net.ZcrxReceiver} is the runtime side: it arms RECV_ZC on the queue, hands out views
 * of the area and refills released buffers through {@code net.ZcrxRefillQueue}.
 */
public final class ZcrxQueue {
    private static final String WHAT_IT_NEEDS = "zero-copy receive needs CAP_NET_ADMIN, a ring with DEFER_TASKRUN and"
            + " CQE32 or CQE_MIXED, and a NIC whose driver supports queue management with header split (ethtool -G IF"
            + " tcp-data-split on) and flow steering to the queue (ethtool -N IF ... action QUEUE); loopback and virtual"
            + " devices have none";

    private final Ring ring;
    private final int id;
    private final MemorySegment area;
    private final MemorySegment refillRing;
    private final long areaToken;
    private final int refillEntries;
    private final long headOffset;
    private final long tailOffset;
    private final long entriesOffset;

    private ZcrxQueue(Ring ring, int id, MemorySegment area, MemorySegment refillRing, long areaToken, int refillEntries,
                      MemorySegment offsets) {
        this.ring = ring;
        this.id = id;
        this.area = area;
        this.refillRing = refillRing;
        this.areaToken = areaToken;
        this.refillEntries = refillEntries;
        this.headOffset = Integer.toUnsignedLong(IoUringZcrxOffsets.head(offsets, 0));
        this.tailOffset = Integer.toUnsignedLong(IoUringZcrxOffsets.tail(offsets, 0));
        this.entriesOffset = Integer.toUnsignedLong(IoUringZcrxOffsets.rqes(offsets, 0));
    }

    /**
     * Registers receive queue {@code rxQueue} of interface {@code ifIndex} on {@code ring}, with
     * an area of {@code areaBytes} for the payloads and a refill ring of {@code refillEntries}.
     *
     * @param ring          an open ring with DEFER_TASKRUN and CQE32 or CQE_MIXED, from its owner thread
     * @param ifIndex       the interface index ({@code if_nametoindex}), at least 1
     * @param rxQueue       the hardware receive queue, at least 0
     * @param refillEntries refill ring entries, a power of two of at least 1 (the kernel caps it)
     * @param areaBytes     area size, a positive multiple of the page size
     * @return the registered queue
     * @throws IllegalArgumentException for a ring without those flags or a parameter out of range
     * @throws UringException           from the kernel, with what zero-copy receive needs: EPERM
     *                                  without CAP_NET_ADMIN, EOPNOTSUPP or ENODEV for an interface
     *                                  or queue that cannot do it, EINVAL before Linux 6.15
     */
    public static ZcrxQueue register(Ring ring, int ifIndex, int rxQueue, int refillEntries, long areaBytes) {
        int flags = ring.setupFlags();
        if ((flags & SetupFlags.DEFER_TASKRUN) == 0 || (flags & (SetupFlags.CQE32 | SetupFlags.CQE_MIXED)) == 0) {
            throw new IllegalArgumentException("ring must have DEFER_TASKRUN and CQE32 or CQE_MIXED for zero-copy"
                    + " receive; it has " + SetupFlags.describe(flags));
        }
        if (ifIndex < 1) {
            throw new IllegalArgumentException("ifIndex must be an interface index (>= 1); was " + ifIndex);
        }
        if (rxQueue < 0) {
            throw new IllegalArgumentException("rxQueue must be >= 0; was " + rxQueue);
        }
        if (refillEntries < 1 || Integer.bitCount(refillEntries) != 1) {
            throw new IllegalArgumentException("refillEntries must be a power of two >= 1; was " + refillEntries);
        }
        if (areaBytes <= 0 || areaBytes % PageSize.BYTES != 0) {
            throw new IllegalArgumentException("areaBytes must be a positive multiple of the page size ("
                    + PageSize.BYTES + "); was " + areaBytes);
        }
        RegisterCall call = RegisterCall.on(ring);
        // The ring header (head and tail) comes first; a page holds it with room to spare.
        long refillBytes = PageSize.BYTES + roundUpToPage((long) refillEntries * IoUringZcrxRqe.SIZE);
        MemorySegment area = mapOwnedBy(ring, areaBytes);
        MemorySegment refill = mapOwnedBy(ring, refillBytes);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment areaReg = arena.allocate(IoUringZcrxAreaReg.LAYOUT);
            IoUringZcrxAreaReg.addr(areaReg, 0, area.address());
            IoUringZcrxAreaReg.len(areaReg, 0, areaBytes);
            MemorySegment region = arena.allocate(IoUringRegionDesc.LAYOUT);
            IoUringRegionDesc.userAddr(region, 0, refill.address());
            IoUringRegionDesc.size(region, 0, refillBytes);
            IoUringRegionDesc.flags(region, 0, MemRegionType.USER);
            MemorySegment reg = arena.allocate(IoUringZcrxIfqReg.LAYOUT);
            IoUringZcrxIfqReg.ifIdx(reg, 0, ifIndex);
            IoUringZcrxIfqReg.ifRxq(reg, 0, rxQueue);
            IoUringZcrxIfqReg.rqEntries(reg, 0, refillEntries);
            IoUringZcrxIfqReg.areaPtr(reg, 0, areaReg.address());
            IoUringZcrxIfqReg.regionPtr(reg, 0, region.address());
            int r = call.raw(RegisterOp.REGISTER_ZCRX_IFQ, reg, 1);
            if (r < 0) {
                throw failed(-r, ifIndex, rxQueue);
            }
            MemorySegment offsets = reg.asSlice(IoUringZcrxIfqReg.OFF_OFFSETS, IoUringZcrxOffsets.SIZE);
            return new ZcrxQueue(ring, IoUringZcrxIfqReg.zcrxId(reg, 0), area, refill,
                    IoUringZcrxAreaReg.rqAreaToken(areaReg, 0), IoUringZcrxIfqReg.rqEntries(reg, 0), offsets);
        }
    }

    private static UringException failed(int errno, int ifIndex, int rxQueue) {
        String where = "interface index " + ifIndex + ", rx queue " + rxQueue;
        String hint;
        if (errno == Errno.EPERM.value()) {
            hint = "this process lacks CAP_NET_ADMIN; " + WHAT_IT_NEEDS;
        } else if (errno == Errno.EOPNOTSUPP.value()) {
            hint = where + " cannot do zero-copy receive: " + WHAT_IT_NEEDS;
        } else if (errno == Errno.ENODEV.value()) {
            hint = "no such device for " + where + "; " + WHAT_IT_NEEDS;
        } else if (errno == Errno.EINVAL.value()) {
            hint = "the kernel refused the registration (before Linux 6.15 it has no zero-copy receive); "
                    + WHAT_IT_NEEDS;
        } else {
            hint = where + ": " + WHAT_IT_NEEDS;
        }
        return new UringException("io_uring_register(REGISTER_ZCRX_IFQ)", errno, hint);
    }

    private static long roundUpToPage(long bytes) {
        return (bytes + PageSize.BYTES - 1) / PageSize.BYTES * PageSize.BYTES;
    }

    /** Page-aligned zeroed memory, unmapped when {@code ring} closes (not before: the kernel pins it). */
    private static MemorySegment mapOwnedBy(Ring ring, long bytes) {
        long address;
        try (Arena arena = Arena.ofConfined()) {
            address = Syscalls.mmap(Syscalls.newErrnoSegment(arena), bytes, MmapProt.READ | MmapProt.WRITE,
                    MmapFlags.PRIVATE | MmapFlags.ANONYMOUS, -1, 0);
        }
        if (address < 0) {
            throw new UringException("mmap of " + bytes + " bytes for zero-copy receive", (int) -address);
        }
        // Close may run on any thread: the unmap brings its own errno capture.
        RingAccess.get().onClose(ring, () -> {
            try (Arena arena = Arena.ofConfined()) {
                Syscalls.munmap(Syscalls.newErrnoSegment(arena), address, bytes);
            }
        });
        return MemorySegment.ofAddress(address).reinterpret(bytes);
    }

    /** {@return the queue's id, for RECV_ZC's {@code zcrx_ifq_idx}} */
    public int id() {
        return id;
    }

    /** {@return the payload area the NIC writes into (valid until the ring closes)} */
    public MemorySegment area() {
        return area;
    }

    /** {@return the area's token, OR-ed into refill entries' offsets} */
    public long areaToken() {
        return areaToken;
    }

    /** {@return the refill ring's memory: head at {@link #refillHeadOffset()}, tail, then the entries} */
    public MemorySegment refillRing() {
        return refillRing;
    }

    /** {@return the number of refill entries the kernel set up (a power of two)} */
    public int refillEntries() {
        return refillEntries;
    }

    /** {@return the byte offset of the refill ring's head (the kernel's side) in {@link #refillRing()}} */
    public long refillHeadOffset() {
        return headOffset;
    }

    /** {@return the byte offset of the refill ring's tail (the application's side)} */
    public long refillTailOffset() {
        return tailOffset;
    }

    /** {@return the byte offset of the first {@code io_uring_zcrx_rqe}} */
    public long refillEntriesOffset() {
        return entriesOffset;
    }

    /**
     * Asks the kernel to process the refill queue now ({@code ZCRX_CTRL_FLUSH_RQ}): Go's
     * {@code ZCRXFlushRQ}.
     *
     * @throws UnsupportedOperationException before Linux 6.19 (the kernel answers EINVAL), by name
     * @throws UringException for another refusal
     */
    public void flushRefillQueue() {
        ZcrxControl.flush(ring, id);
    }

    /**
     * Exports the queue as a file descriptor ({@code ZCRX_CTRL_EXPORT}) that another ring can
     * import with {@code ZcrxRegFlags.IMPORT}: Go's {@code ZCRXExport}.
     *
     * @return the new descriptor; the caller closes it
     * @throws UnsupportedOperationException before Linux 7.0 (the kernel answers EINVAL), by name
     * @throws UringException for another refusal
     */
    public int export() {
        return ZcrxControl.export(ring, id);
    }
}
