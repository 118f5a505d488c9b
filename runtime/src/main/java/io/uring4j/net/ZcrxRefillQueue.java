package io.uring4j.net;

import io.uring4j.kernel.flags.ZcrxAreaFlags;
import io.uring4j.kernel.structs.IoUringZcrxRqe;
import io.uring4j.register.ZcrxQueue;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The application's side of a zero-copy receive refill ring: buffers the application is done
 * with go back to the kernel as {@code io_uring_zcrx_rqe} entries ({@code off} = the area's token
 * OR-ed with the buffer's offset in the area, {@code len}), made visible by a release store of
 * the tail. The kernel consumes entries by moving the head, which is read with acquire ordering.
 *
 * <p>{@link #offer} writes an entry without publishing it; {@link #publish} hands every entry
 * written so far to the kernel in one store. Allocation-free; not thread-safe (the receiver's
 * thread owns it).
 */
public final class ZcrxRefillQueue {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final MemorySegment ring;
    private final long headOffset;
    private final long tailOffset;
    private final long entriesOffset;
    private final int entries;
    private final int mask;
    private final long areaToken;
    private int tail;

    /**
     * The refill ring of a registered queue.
     *
     * @param queue a queue from {@link ZcrxQueue#register}
     * @return its refill ring, starting at the tail the kernel set up
     */
    public static ZcrxRefillQueue of(ZcrxQueue queue) {
        return new ZcrxRefillQueue(queue.refillRing(), queue.refillHeadOffset(), queue.refillTailOffset(),
                queue.refillEntriesOffset(), queue.refillEntries(), queue.areaToken());
    }

    /**
     * A refill ring over {@code ring} laid out as the kernel reported it (package-private: tests
     * build one over memory they allocate, since only a NIC queue gets one from the kernel).
     */
    ZcrxRefillQueue(MemorySegment ring, long headOffset, long tailOffset, long entriesOffset, int entries,
                    long areaToken) {
        if (entries < 1 || Integer.bitCount(entries) != 1) {
            throw new IllegalArgumentException("entries must be a power of two >= 1; was " + entries);
        }
        if ((areaToken & ~ZcrxAreaFlags.MASK) != 0) {
            throw new IllegalArgumentException("areaToken must only have bits in ZcrxAreaFlags.MASK; was 0x"
                    + Long.toHexString(areaToken));
        }
        long end = entriesOffset + (long) entries * IoUringZcrxRqe.SIZE;
        if (headOffset < 0 || tailOffset < 0 || entriesOffset < 0 || headOffset + Integer.BYTES > ring.byteSize()
                || tailOffset + Integer.BYTES > ring.byteSize() || end > ring.byteSize()) {
            throw new IllegalArgumentException("the head, tail and " + entries + " entries must lie inside the ring's "
                    + ring.byteSize() + " bytes");
        }
        this.ring = ring;
        this.headOffset = headOffset;
        this.tailOffset = tailOffset;
        this.entriesOffset = entriesOffset;
        this.entries = entries;
        this.mask = entries - 1;
        this.areaToken = areaToken;
        this.tail = (int) INT.getAcquire(ring, tailOffset);
    }

    /**
     * Writes one entry giving back {@code length} bytes at {@code areaOffset} of the area; not
     * visible to the kernel until {@link #publish()}.
     *
     * @param areaOffset the buffer's offset in the area (as decoded by {@link ZcrxCompletion#areaOffset})
     * @param length the buffer's length, at least 1
     * @return false, writing nothing, when the ring is full (the kernel has not consumed enough)
     * @throws IllegalArgumentException for an offset with area-id bits or a length below 1
     */
    public boolean offer(long areaOffset, int length) {
        if (areaOffset < 0 || (areaOffset & ZcrxAreaFlags.MASK) != 0) {
            throw new IllegalArgumentException("areaOffset must be below 1 << ZcrxAreaFlags.SHIFT (the area id"
                    + " bits come from the token); was 0x" + Long.toHexString(areaOffset));
        }
        if (length < 1) {
            throw new IllegalArgumentException("length must be >= 1; was " + length);
        }
        if (free() == 0) {
            return false;
        }
        long at = entriesOffset + (long) (tail & mask) * IoUringZcrxRqe.SIZE;
        IoUringZcrxRqe.off(ring, at, areaToken | areaOffset);
        IoUringZcrxRqe.len(ring, at, length);
        IoUringZcrxRqe.pad(ring, at, 0);
        tail++;
        return true;
    }

    /** Makes every entry written so far visible to the kernel (a release store of the tail). */
    public void publish() {
        INT.setRelease(ring, tailOffset, tail);
    }

    /** {@return entries that can be written before the kernel consumes more} */
    public int free() {
        return entries - (tail - (int) INT.getAcquire(ring, headOffset));
    }

    /** {@return entries written but not yet published} */
    public int unpublished() {
        return tail - (int) INT.getAcquire(ring, tailOffset);
    }

    /** {@return the ring's size in entries (a power of two)} */
    public int entries() {
        return entries;
    }

    /** {@return the token OR-ed into every entry's offset} */
    public long areaToken() {
        return areaToken;
    }
}
