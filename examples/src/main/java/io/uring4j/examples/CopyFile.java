package io.uring4j.examples;

import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.UringException;
import io.uring4j.kernel.flags.AtFlags;
import io.uring4j.kernel.flags.OpenFlags;
import io.uring4j.kernel.flags.SqeFlags;
import io.uring4j.register.BufferTable;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Copies a file through registered buffers: {@code SLOTS} chunks in flight, each a
 * {@code READ_FIXED} linked ({@code IOSQE_IO_LINK}) to the {@code WRITE_FIXED} of the same
 * buffer at the same offset, so the write starts in the kernel as soon as its read is done. A
 * short read breaks the link (the write ends {@code -ECANCELED}); the rest of that chunk is then
 * queued again.
 */
public final class CopyFile {
    private static final int SLOTS = 4;
    private static final int CHUNK = 128 * 1024;

    private CopyFile() {}

    /** Copies {@code from} to {@code to} (created or truncated); returns the byte count. */
    public static long copy(Path from, Path to) throws IOException {
        long size = Files.size(from);
        try (Ring ring = Ring.open(2 * SLOTS); Arena arena = Arena.ofConfined()) {
            BufferTable buffers = BufferTable.register(ring, SLOTS, CHUNK);
            int in = ring.submitAndCheck(ring.nextSqe().openat(AtFlags.FDCWD, arena.allocateFrom(from.toString()),
                    OpenFlags.RDONLY | OpenFlags.CLOEXEC, 0), "open " + from);
            int out = ring.submitAndCheck(ring.nextSqe().openat(AtFlags.FDCWD, arena.allocateFrom(to.toString()),
                    OpenFlags.WRONLY | OpenFlags.CREAT | OpenFlags.TRUNC | OpenFlags.CLOEXEC, 0644), "open " + to);
            long[] offset = new long[SLOTS];   // each slot copies [offset, end) of one chunk
            long[] end = new long[SLOTS];
            long next = 0;
            int inFlight = 0;
            for (int slot = 0; slot < SLOTS && next < size; slot++, inFlight++) {
                next = start(ring, buffers, in, out, slot, offset, end, next, size);
            }
            while (inFlight > 0) {
                ring.submitAndWait(1);
                Cqe cqe = ring.peek();
                int slot = (int) (cqe.userData() >> 1);
                boolean isWrite = (cqe.userData() & 1) == 1;
                int res = cqe.res();
                ring.seen();
                if (!isWrite) {
                    if (res < 0 || res == 0 && offset[slot] < end[slot]) {  // an error, or the file shrank
                        throw new UringException("read " + from, res < 0 ? -res : io.uring4j.kernel.Errno.EIO.value());
                    }
                    continue; // a short read cancels its write: the chunk's rest is queued again below
                }
                if (res < 0 && res != -io.uring4j.kernel.Errno.ECANCELED.value()) {
                    throw new UringException("write " + to, -res);
                }
                offset[slot] += Math.max(res, 0);
                if (offset[slot] < end[slot]) {
                    queue(ring, buffers, in, out, slot, offset[slot], (int) (end[slot] - offset[slot]));
                } else if (next < size) {
                    next = start(ring, buffers, in, out, slot, offset, end, next, size);
                } else {
                    inFlight--;
                }
            }
            ring.submitAndCheck(ring.nextSqe().close(in), "close " + from);
            ring.submitAndCheck(ring.nextSqe().close(out), "close " + to);
            return size;
        }
    }

    /** Gives slot {@code slot} the chunk at {@code next}; returns where the next chunk starts. */
    private static long start(Ring ring, BufferTable buffers, int in, int out, int slot, long[] offset, long[] end,
            long next, long size) {
        offset[slot] = next;
        end[slot] = Math.min(size, next + CHUNK);
        queue(ring, buffers, in, out, slot, next, (int) (end[slot] - next));
        return end[slot];
    }

    /** A read of {@code length} bytes at {@code offset} into slot {@code slot}, linked to its write. */
    private static void queue(Ring ring, BufferTable buffers, int in, int out, int slot, long offset, int length) {
        MemorySegment buf = buffers.buffer(slot).asSlice(0, length);
        ring.nextSqe().readFixed(in, buf, slot, offset, 0, 0).flags(SqeFlags.IO_LINK).userData(slot << 1);
        ring.nextSqe().writeFixed(out, buf, slot, offset, 0, 0, 0).userData(slot << 1 | 1);
    }
}
