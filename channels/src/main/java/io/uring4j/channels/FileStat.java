package io.uring4j.channels;

import io.uring4j.kernel.flags.StatxMask;
import io.uring4j.kernel.structs.Statx;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * What a file's {@code statx(fd, "", AT_EMPTY_PATH)} says, asked through the current thread's
 * ring: the size, and the O_DIRECT alignment (DIOALIGN). The statx buffer is a pooled chunk held
 * by the request until its completion.
 */
final class FileStat {
    /** The empty path of statx(fd, "", AT_EMPTY_PATH): the fd itself. */
    private static final MemorySegment EMPTY_PATH = Arena.global().allocateFrom("");

    private FileStat() {}

    /** The file's size. The caller holds the file open. */
    static long size(UringFile file) throws IOException {
        ChannelRing ring = file.pool().ring();
        Request r = ring.acquire(null);
        try {
            MemorySegment buf = describe(file, r, StatxMask.SIZE);
            ring.submit(r);
            int res = file.awaitSubmitted(ring, r);
            if (res < 0) {
                throw UringFile.failure("statx", res);
            }
            return Statx.stxSize(buf, 0);
        } finally {
            file.unstage(r);
            ring.release(r);
        }
    }

    /**
     * {offset alignment, memory alignment} for O_DIRECT; 0s when the file system does not say.
     * Asked while the file is being opened (no close can race it, so no close recheck).
     */
    static long[] dioAlign(UringFile file) throws IOException {
        if (!file.enter()) {
            throw new IOException("file closed during open");
        }
        try {
            ChannelRing ring = file.pool().ring();
            Request r = ring.acquire(null);
            try {
                MemorySegment buf = describe(file, r, StatxMask.DIOALIGN);
                ring.submit(r);
                int res = ring.await(r);
                if (res < 0) {
                    throw UringFile.failure("statx", res);
                }
                if ((Statx.stxMask(buf, 0) & StatxMask.DIOALIGN) == 0) {
                    return new long[] {0, 0};
                }
                return new long[] {Statx.stxDioOffsetAlign(buf, 0), Statx.stxDioMemAlign(buf, 0)};
            } finally {
                file.unstage(r);
                ring.release(r);
            }
        } finally {
            file.exit();
        }
    }

    /** Describes statx of {@code file} in {@code r}, into a zeroed pooled chunk it holds; returns the statx buffer. */
    private static MemorySegment describe(UringFile file, Request r, int mask) {
        NativeChunks.Chunk c = file.pool().chunks.take((int) Statx.SIZE);
        r.chunk = c;
        MemorySegment buf = c.slice((int) Statx.SIZE);
        buf.fill((byte) 0);
        r.op = Request.STATX;
        r.fd = file.fd;
        r.memory = buf;
        r.memory2 = EMPTY_PATH;
        r.arg = mask;
        return buf;
    }
}
