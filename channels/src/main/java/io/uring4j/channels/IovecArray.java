package io.uring4j.channels;

import io.uring4j.kernel.structs.Iovec;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/** Fills an iovec array from direct buffers (their position-to-limit windows). */
final class IovecArray {
    /** Bytes per iovec. */
    static final int ENTRY = (int) Iovec.SIZE;
    /** The most iovecs one request may carry (UIO_MAXIOV); more are transferred buffer by buffer. */
    static final int MAX_VECTORS = 1024;

    private IovecArray() {}

    /**
     * Writes one iovec per buffer in {@code bufs[offset, offset+length)} into {@code iovecs}.
     *
     * @return the total number of bytes the iovecs describe
     */
    static long fill(MemorySegment iovecs, ByteBuffer[] bufs, int offset, int length) {
        long total = 0;
        for (int i = 0; i < length; i++) {
            ByteBuffer b = bufs[offset + i];
            long base = (long) i * ENTRY;
            Iovec.iovBase(iovecs, base, MemorySegment.ofBuffer(b).address());
            Iovec.iovLen(iovecs, base, b.remaining());
            total += b.remaining();
        }
        return total;
    }
}
