package io.uring4j.buffers;

import io.uring4j.kernel.structs.IoUringBuf;
import io.uring4j.kernel.structs.IoUringBufRing;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The application's end of a {@link BufferRing}: writes buffer entries at the local tail and
 * publishes the tail to the kernel. Allocation-free.
 */
final class BufferRingTail {
    /** The ring tail: the kernel reads it with acquire ordering, so it is published with release. */
    private static final VarHandle SHORT = ValueLayout.JAVA_SHORT.varHandle();
    private static final int U16 = 0xFFFF;

    private final MemorySegment ringMemory;
    private final int mask;
    private final long dataAddress;
    private final int bufferSize;
    private final BufferOwnership ownership;
    private int tail;
    private int published;

    BufferRingTail(MemorySegment ringMemory, int entries, long dataAddress, int bufferSize, BufferOwnership ownership) {
        this.ringMemory = ringMemory;
        this.mask = entries - 1;
        this.dataAddress = dataAddress;
        this.bufferSize = bufferSize;
        this.ownership = ownership;
    }

    /** Writes the entry for {@code bid} at the local tail; the kernel sees it after {@link #publish()}. */
    void add(int bid) {
        int position = tail;
        long base = (position & mask) * IoUringBuf.SIZE;
        // Fields one by one: the resv half of entry 0 is the ring's tail and must not be written.
        IoUringBuf.addr(ringMemory, base, dataAddress + (long) bid * bufferSize);
        IoUringBuf.len(ringMemory, base, bufferSize);
        IoUringBuf.bid(ringMemory, base, bid);
        ownership.placed(bid, position);
        tail = position + 1;
    }

    /** Makes every added entry visible to the kernel (one release store of the tail). */
    void publish() {
        if (tail != published) {
            SHORT.setRelease(ringMemory, IoUringBufRing.OFF_TAIL, (short) tail);
            published = tail;
        }
    }

    /** {@return the published tail, 16 bits} */
    int published() {
        return published & U16;
    }
}
