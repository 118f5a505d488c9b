package io.uring4j.channels;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * Scatter and gather on a {@link UringFile}: one READV or WRITEV request when every buffer can be
 * handed to the kernel in place (direct and, with O_DIRECT, aligned; at most
 * {@link IovecArray#MAX_VECTORS}), else buffer by buffer through the staged single transfers.
 * The caller holds the file open ({@link UringFile#enter()}) and owns the channel position.
 */
final class Vectored {
    private Vectored() {}

    /**
     * Reads into {@code dsts[offset, offset+length)} at {@code position}.
     *
     * @return bytes read, or -1 at end of file
     */
    static long read(UringFile file, ByteBuffer[] dsts, int offset, int length, long position) throws IOException {
        return inPlace(file, dsts, offset, length)
                ? transfer(file, dsts, offset, length, position, true)
                : readEach(file, dsts, offset, length, position);
    }

    /**
     * Writes all of {@code srcs[offset, offset+length)} at {@code position} (-1: the end of an
     * O_APPEND file), as a blocking channel must.
     *
     * @return bytes written
     */
    static long write(UringFile file, ByteBuffer[] srcs, int offset, int length, long position) throws IOException {
        long n = 0;
        if (inPlace(file, srcs, offset, length)) {
            n = transfer(file, srcs, offset, length, position, false);
        }
        // What a short writev left, and all of it when staged: buffer by buffer.
        for (int i = offset; i < offset + length; i++) {
            n += file.writeFully(srcs[i], position < 0 ? -1 : position + n);
        }
        return n;
    }

    /** Scatter with staged buffers: one read per buffer until one comes back short. */
    private static long readEach(UringFile file, ByteBuffer[] dsts, int offset, int length, long at) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            ByteBuffer b = dsts[i];
            if (!b.hasRemaining()) {
                continue;
            }
            int n = file.read(b, at + total);
            if (n < 0) {
                return total == 0 ? -1 : total;
            }
            total += n;
            if (b.hasRemaining()) {
                break;
            }
        }
        return total;
    }

    /**
     * One READV or WRITEV at {@code position} with {@code bufs[offset, offset+length)}, all direct.
     * Buffers are advanced by what moved.
     */
    private static long transfer(UringFile file, ByteBuffer[] bufs, int offset, int length, long position, boolean read)
            throws IOException {
        ChannelRing ring = file.pool().ring();
        Request r = ring.acquire(null);
        try {
            MemorySegment iov = r.iovecs(length);
            long total = IovecArray.fill(iov, bufs, offset, length);
            if (total == 0) {
                return 0;
            }
            file.checkDirectAlignment(position < 0 ? 0 : position, total);
            r.buffers = bufs.clone(); // the kernel's addresses stay reachable whatever the caller does to its array
            file.transfer(r, read ? Request.READV : Request.WRITEV, iov, position);
            ring.submit(r);
            int res = file.awaitSubmitted(ring, r);
            if (res < 0) {
                throw UringFile.failure(read ? "readv" : "writev", res);
            }
            if (read && res == 0) {
                return -1;
            }
            long left = res;
            for (int i = 0; i < length && left > 0; i++) {
                ByteBuffer b = r.buffers[i + offset];
                int step = (int) Math.min(left, b.remaining());
                b.position(b.position() + step);
                left -= step;
            }
            return res;
        } finally {
            ring.release(r);
        }
    }

    /** True when every buffer can go to the kernel in place, so one vectored request does it. */
    private static boolean inPlace(UringFile file, ByteBuffer[] bufs, int offset, int length) {
        if (length > IovecArray.MAX_VECTORS) {
            return false;
        }
        for (int i = offset; i < offset + length; i++) {
            ByteBuffer b = bufs[i];
            if (!b.isDirect() || (file.memoryAlign > 0 && MemorySegment.ofBuffer(b).address() % file.memoryAlign != 0)) {
                return false;
            }
        }
        return true;
    }
}
