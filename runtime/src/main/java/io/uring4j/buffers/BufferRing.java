package io.uring4j.buffers;

import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.Sqe;
import io.uring4j.UringException;
import io.uring4j.internal.PageSize;
import io.uring4j.internal.RegisterCall;
import io.uring4j.internal.Syscalls;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.CqeFlags;
import io.uring4j.kernel.flags.MmapFlags;
import io.uring4j.kernel.flags.MmapOffsets;
import io.uring4j.kernel.flags.MmapProt;
import io.uring4j.kernel.flags.PbufRingFlags;
import io.uring4j.kernel.flags.RegisterOp;
import io.uring4j.kernel.structs.IoUringBuf;
import io.uring4j.kernel.structs.IoUringBufReg;
import io.uring4j.kernel.structs.IoUringBufRing;
import io.uring4j.kernel.structs.IoUringBufStatus;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * A provided-buffer ring ({@code IORING_REGISTER_PBUF_RING}): a group of equal buffers the
 * kernel picks from when a request carries {@code IOSQE_BUFFER_SELECT} and names the group
 * (e.g. {@link Sqe#recvBufferSelect(int, int)}, {@link Sqe#recvMultishot(int, int)},
 * {@link Sqe#recvBundle(int, int)}). The completion says which buffer it used
 * ({@link Cqe#bufferId()}); the application reads it and gives it back with {@link #recycle(int)}.
 *
 * <p>The buffers are slices of one page-aligned segment this object owns; the ring memory is
 * either allocated here too or, with {@link BufferRingOptions.Builder#kernelMapped()}, allocated
 * by the kernel and mapped from the ring fd. At registration every buffer is placed in the ring.
 *
 * <p>Ownership of each buffer is tracked: {@link #consume(Cqe)} records that a completion handed
 * a buffer to the application, {@link #recycle(int)} accepts only such a buffer, so a buffer can
 * never sit in the ring twice. With incremental consumption
 * ({@link BufferRingOptions.Builder#incremental()}) {@code consume} also tracks how far each
 * buffer is used and returns where a completion's bytes start; the buffer comes to the
 * application only with the completion that lacks {@code IORING_CQE_F_BUF_MORE}.
 *
 * <p>{@link #buffer(int)}, {@link #consume}, {@link #recycle(int)}, {@link #stage(int)} and
 * {@link #publish()} allocate nothing. Not thread-safe: use it from the thread that reaps the
 * ring's completions. Registration, {@link #head()} and {@link #close()} go through
 * io_uring_register and follow the ring's thread rules.
 *
 * <pre>{@code
 * try (BufferRing buffers = BufferRing.register(ring, 1, 64, 4096)) {   // group 1: 64 x 4 KiB
 *     ring.nextSqe().recvBufferSelect(socket, buffers.groupId()).userData(7);
 *     ring.submitAndWait(1);
 *     Cqe cqe = ring.peek();
 *     int bid = cqe.bufferId();
 *     int offset = buffers.consume(cqe);                 // 0 unless the ring is incremental
 *     MemorySegment data = buffers.buffer(bid);          // the bytes are [offset, offset + res)
 *     ... read cqe.res() bytes ...
 *     ring.seen();
 *     buffers.recycle(bid);                              // back to the kernel
 * }
 * }</pre>
 */
public final class BufferRing implements AutoCloseable {
    /** The ring tail: the kernel reads it with acquire ordering, so it is published with release. */
    private static final VarHandle SHORT = ValueLayout.JAVA_SHORT.varHandle();
    private static final int PROT = MmapProt.READ | MmapProt.WRITE;
    private static final int MAP = MmapFlags.SHARED | MmapFlags.POPULATE;
    private static final int U16 = 0xFFFF;

    private final Ring ring;
    private final int groupId;
    private final int entries;
    private final int mask;
    private final int bufferSize;
    private final int bufferCount;
    private final boolean incremental;
    private final boolean kernelMapped;

    /** Owns the buffers, the ring memory (or the view of the kernel's) and the register arguments. */
    private final Arena arena;
    private final MemorySegment errno;
    private final MemorySegment ringMemory;
    private final long mapAddress;
    private final long mapLength;
    private final MemorySegment regArg;
    private final MemorySegment statusArg;
    /** One view per buffer id, sliced once so that lookups allocate nothing. */
    private final MemorySegment[] views;
    private final long dataAddress;

    /** True while the application owns the buffer (between consume and recycle). */
    private final boolean[] held;
    /** Incremental rings: bytes of each buffer already handed out by completions. */
    private final int[] used;
    /** Ring position (free-running) where each buffer was last placed, and the buffer at each slot. */
    private final int[] positionOf;
    private final int[] slotBid;

    private int tail;
    private int published;
    private boolean closed;

    private BufferRing(Ring ring, BufferRingOptions o, Arena arena) {
        this.ring = ring;
        this.groupId = o.groupId();
        this.entries = o.entries();
        this.mask = entries - 1;
        this.bufferSize = o.bufferSize();
        this.bufferCount = o.bufferCount();
        this.incremental = o.incremental();
        this.kernelMapped = o.kernelMapped();
        this.arena = arena;
        this.errno = Syscalls.newErrnoSegment(arena);
        this.regArg = arena.allocate(IoUringBufReg.LAYOUT);
        this.statusArg = arena.allocate(IoUringBufStatus.LAYOUT);
        MemorySegment data = arena.allocate((long) bufferCount * bufferSize, PageSize.BYTES);
        this.dataAddress = data.address();
        this.views = new MemorySegment[bufferCount];
        for (int bid = 0; bid < bufferCount; bid++) {
            views[bid] = data.asSlice((long) bid * bufferSize, bufferSize);
        }
        this.held = new boolean[bufferCount];
        this.used = new int[bufferCount];
        this.positionOf = new int[bufferCount];
        this.slotBid = new int[entries];

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
            long address = Syscalls.mmap(errno, ringBytes, PROT, MAP, ring.fd(), offset);
            if (address < 0) {
                unregister();
                throw new UringException("mmap of provided-buffer ring " + groupId, (int) -address);
            }
            this.mapAddress = address;
            this.mapLength = ringBytes;
            this.ringMemory = MemorySegment.ofAddress(address).reinterpret(ringBytes, arena, null);
        } else {
            this.mapAddress = 0;
            this.mapLength = 0;
            this.ringMemory = own;
        }
        for (int bid = 0; bid < bufferCount; bid++) {
            add(bid);
        }
        publish();
    }

    /**
     * Registers a ring of {@code entries} buffers of {@code bufferSize} bytes as group
     * {@code groupId}; see {@link BufferRingOptions#of(int, int, int)}.
     */
    public static BufferRing register(Ring ring, int groupId, int entries, int bufferSize) {
        return register(ring, BufferRingOptions.of(groupId, entries, bufferSize));
    }

    /**
     * Allocates the buffers (and the ring memory unless the kernel maps it), registers the ring
     * with {@code IORING_REGISTER_PBUF_RING} and places every buffer in it.
     *
     * @throws IllegalArgumentException when {@code ring} or {@code options} is null
     * @throws IllegalStateException    when the ring is closed, or on a thread other than a
     *                                  single-issuer ring's owner
     * @throws UringException           when the kernel refuses (e.g. {@code EEXIST}: the group id
     *                                  is taken; {@code ENOMEM}: the memory-lock limit)
     */
    public static BufferRing register(Ring ring, BufferRingOptions options) {
        if (ring == null) {
            throw new IllegalArgumentException("ring must not be null");
        }
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        if (ring.isClosed()) {
            throw new IllegalStateException("the ring is closed");
        }
        Arena arena = Arena.ofShared();
        try {
            return new BufferRing(ring, options, arena);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    // ---------------------------------------------------------------- properties

    /** The buffer group id requests name to pick from this ring. */
    public int groupId() {
        return groupId;
    }

    /** Ring entries (a power of two). */
    public int entries() {
        return entries;
    }

    /** Bytes per buffer. */
    public int bufferSize() {
        return bufferSize;
    }

    /** Number of buffers; their ids are 0 to this - 1. */
    public int bufferCount() {
        return bufferCount;
    }

    /** True with {@code IOU_PBUF_RING_INC}: a buffer may serve several completions. */
    public boolean isIncremental() {
        return incremental;
    }

    /** True when the kernel allocated the ring memory ({@code IOU_PBUF_RING_MMAP}). */
    public boolean isKernelMapped() {
        return kernelMapped;
    }

    /** The ring this buffer group is registered with. */
    public Ring ring() {
        return ring;
    }

    /** True once {@link #close()} has run. */
    public boolean isClosed() {
        return closed;
    }

    // ---------------------------------------------------------------- hot path

    /**
     * The whole buffer with id {@code bid}: a view sliced at registration, so this allocates
     * nothing. The bytes a completion delivered are {@code [offset, offset + res)}, with the
     * offset {@link #consume(Cqe)} returned.
     *
     * @throws IllegalArgumentException when {@code bid} is not a buffer id of this ring
     * @throws IllegalStateException    after close
     */
    public MemorySegment buffer(int bid) {
        checkOpen();
        checkBid(bid);
        return views[bid];
    }

    /**
     * Records what a completion that carries a buffer ({@code IORING_CQE_F_BUFFER}) did with it,
     * and returns where its bytes start in {@link #buffer(int) buffer(cqe.bufferId())}.
     * Call it once per such completion, in completion order.
     *
     * <p>Without incremental consumption the buffer now belongs to the application and the
     * offset is 0. With it, the offset is the number of bytes earlier completions took from the
     * buffer; the buffer becomes the application's only when this completion lacks
     * {@code IORING_CQE_F_BUF_MORE} (otherwise the kernel keeps filling it and it must not be
     * recycled).
     *
     * @return the offset of the completion's first byte in the buffer
     * @throws IllegalArgumentException when the completion carries no buffer, or names a buffer
     *                                  id this ring does not have
     * @throws IllegalStateException    when the buffer is already the application's (consumed
     *                                  twice, or the completion belongs to another group), when
     *                                  the completion reports more bytes than the buffer has
     *                                  left, or after close
     */
    public int consume(Cqe cqe) {
        int flags = cqe.flags();
        return consume(flags >>> CqeFlags.BUFFER_SHIFT, cqe.res(), flags);
    }

    /**
     * {@link #consume(Cqe)} from values copied out of a completion: its buffer id, {@code res}
     * and {@code flags}.
     */
    public int consume(int bid, int res, int cqeFlags) {
        checkOpen();
        if ((cqeFlags & CqeFlags.BUFFER) == 0) {
            throw new IllegalArgumentException("the completion carries no buffer (IORING_CQE_F_BUFFER is not set in flags "
                    + CqeFlags.describe(cqeFlags) + "; res " + res + ")");
        }
        checkBid(bid);
        if (held[bid]) {
            throw new IllegalStateException("buffer " + bid + " of group " + groupId
                    + " is already the application's (consumed twice, or the completion is from another group)");
        }
        int bytes = Math.max(res, 0);
        int offset = used[bid];
        if (bytes > bufferSize - offset) {
            throw new IllegalStateException("the completion reports " + bytes + " bytes in buffer " + bid + " of group "
                    + groupId + ", but only " + (bufferSize - offset) + " of its " + bufferSize + " bytes are left");
        }
        if (incremental) {
            used[bid] = offset + bytes;
            if ((cqeFlags & CqeFlags.BUF_MORE) != 0) {
                return offset;
            }
        }
        held[bid] = true;
        return offset;
    }

    /**
     * Gives buffer {@code bid} back to the kernel: writes it at the ring's tail and publishes the
     * tail (with any buffers {@link #stage staged} before).
     *
     * @throws IllegalArgumentException when {@code bid} is not a buffer id of this ring
     * @throws IllegalStateException    when the buffer is not the application's (never consumed,
     *                                  already recycled, or still being filled incrementally), or after close
     */
    public void recycle(int bid) {
        stage(bid);
        publish();
    }

    /**
     * Like {@link #recycle(int)}, but leaves the tail unpublished: the kernel sees the buffer
     * only after {@link #publish()}, so several buffers cost one release store.
     */
    public void stage(int bid) {
        checkOpen();
        checkBid(bid);
        if (!held[bid]) {
            throw new IllegalStateException("buffer " + bid + " of group " + groupId + " is not the application's to recycle: "
                    + (incremental && used[bid] > 0 ? "the kernel is still filling it (its last completion had BUF_MORE)"
                            : "it is in the ring (never consumed, or recycled already)"));
        }
        add(bid);
    }

    /** Makes every {@link #stage staged} buffer visible to the kernel (one release store of the tail). */
    public void publish() {
        checkOpen();
        if (tail != published) {
            SHORT.setRelease(ringMemory, IoUringBufRing.OFF_TAIL, (short) tail);
            published = tail;
        }
    }

    /** Writes the entry for {@code bid} at the local tail; the kernel sees it after {@link #publish()}. */
    private void add(int bid) {
        int position = tail;
        int slot = position & mask;
        long base = slot * IoUringBuf.SIZE;
        // Fields one by one: the resv half of entry 0 is the ring's tail and must not be written.
        IoUringBuf.addr(ringMemory, base, dataAddress + (long) bid * bufferSize);
        IoUringBuf.len(ringMemory, base, bufferSize);
        IoUringBuf.bid(ringMemory, base, bid);
        slotBid[slot] = bid;
        positionOf[bid] = position;
        held[bid] = false;
        used[bid] = 0;
        tail = position + 1;
    }

    // ---------------------------------------------------------------- status

    /**
     * The kernel's head ({@code IORING_REGISTER_PBUF_STATUS}, Linux 6.8): the 16-bit index of the
     * next entry it will take. One system call; not for the hot path.
     */
    public int head() {
        checkOpen();
        statusArg.fill((byte) 0);
        IoUringBufStatus.bufGroup(statusArg, 0, groupId);
        RegisterCall.on(ring).run(RegisterOp.REGISTER_PBUF_STATUS, statusArg, 1);
        return IoUringBufStatus.head(statusArg, 0) & U16;
    }

    /** The published tail as the kernel sees it (16 bits): entries the application has provided so far. */
    public int tail() {
        checkOpen();
        return published & U16;
    }

    /** Buffers in the ring that the kernel has not taken: published tail minus {@link #head()}. One system call. */
    public int available() {
        return (tail() - head()) & U16;
    }

    /** True while buffer {@code bid} is the application's (consumed and not yet recycled). */
    public boolean isHeld(int bid) {
        checkOpen();
        checkBid(bid);
        return held[bid];
    }

    // ---------------------------------------------------------------- bundles

    /**
     * Records a bundle completion: {@code res} bytes spread over the buffer {@code first} and the
     * buffers placed after it in ring order, each filled from where earlier completions left it
     * (always its start unless the ring is incremental). Writes each buffer's id, data offset and
     * data length into the arrays (at least {@link #bufferCount()} long) and returns how many
     * buffers the bytes cover. Those buffers become the application's, except, on an incremental
     * ring, the last one when the completion has {@code BUF_MORE}: the kernel keeps filling it.
     * Either records all or, on error, nothing.
     */
    int consumeBundle(int first, int res, int cqeFlags, int[] bids, int[] offsets, int[] lengths) {
        checkOpen();
        if (res <= 0) {
            return 0; // no data: the kernel took no buffer
        }
        if ((cqeFlags & CqeFlags.BUFFER) == 0) {
            throw new IllegalArgumentException("the completion carries no buffer (IORING_CQE_F_BUFFER is not set in flags "
                    + CqeFlags.describe(cqeFlags) + "; res " + res + ")");
        }
        checkBid(first);
        int start = positionOf[first];
        int remaining = res;
        int n = 0;
        while (remaining > 0) {
            if (n == bufferCount) {
                throw new IllegalStateException("a bundle of " + res + " bytes from buffer " + first
                        + " does not fit the " + bufferCount + " buffers of group " + groupId);
            }
            int position = start + n;
            int bid = slotBid[position & mask];
            if (positionOf[bid] != position || held[bid]) {
                throw new IllegalStateException("bundle from buffer " + first + " of group " + groupId + ": its buffer #"
                        + (n + 1) + " is no longer known (its ring slot was refilled, or the bundle was consumed"
                        + " already); read each bundle before recycling the buffers of later completions");
            }
            int offset = used[bid];
            int take = Math.min(bufferSize - offset, remaining);
            bids[n] = bid;
            offsets[n] = offset;
            lengths[n] = take;
            remaining -= take;
            n++;
        }
        boolean lastKept = incremental && (cqeFlags & CqeFlags.BUF_MORE) != 0;
        for (int i = 0; i < n; i++) {
            int bid = bids[i];
            if (incremental) {
                used[bid] = offsets[i] + lengths[i];
            }
            if (!lastKept || i < n - 1) {
                held[bid] = true;
            }
        }
        return n;
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Unregisters the ring ({@code IORING_UNREGISTER_PBUF_RING}), then unmaps and frees its
     * memory. Idempotent. When the {@link Ring} is closed already, only frees. Requests that may
     * still write into these buffers must have completed (or been cancelled) first.
     *
     * @throws IllegalStateException on a thread other than a single-issuer ring's owner (the ring
     *                               stays registered and this object open)
     * @throws UringException        when the kernel refuses to unregister (the memory is kept)
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (!ring.isClosed()) {
            int r = unregister();
            if (r < 0 && -r != Errno.ENOENT.value()) {
                throw new UringException("io_uring_register(UNREGISTER_PBUF_RING) of group " + groupId, -r);
            }
        }
        closed = true;
        arena.close();
        if (mapAddress != 0) {
            try (Arena scratch = Arena.ofConfined()) {
                Syscalls.munmap(Syscalls.newErrnoSegment(scratch), mapAddress, mapLength);
            }
        }
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

    private int unregister() {
        regArg.fill((byte) 0); // the kernel wants flags and the reserved words zero
        IoUringBufReg.bgid(regArg, 0, groupId);
        return RegisterCall.on(ring).raw(RegisterOp.UNREGISTER_PBUF_RING, regArg, 1);
    }

    @Override
    public String toString() {
        return "BufferRing[group=" + groupId + ", entries=" + entries + ", buffers=" + bufferCount + " x " + bufferSize
                + (kernelMapped ? ", kernelMapped" : "") + (incremental ? ", incremental" : "")
                + (closed ? ", closed" : "") + "]";
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the buffer ring (group " + groupId + ") is closed");
        }
    }

    private void checkBid(int bid) {
        if (bid < 0 || bid >= bufferCount) {
            throw new IllegalArgumentException("bid must be a buffer id of group " + groupId + ", 0 to "
                    + (bufferCount - 1) + "; was " + bid);
        }
    }
}
