package io.uring4j.channels;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * {@code transferTo} and {@code transferFrom} of a {@link UringFileChannel}: a copy through one
 * pooled native chunk, with io_uring requests on the file's side and the other channel's own
 * reads or writes on the other. The caller holds the file open ({@link UringFile#enter()}) and has
 * checked the arguments.
 */
final class ChannelTransfers {
    private ChannelTransfers() {}

    /** Copies up to {@code count} bytes of {@code file} from {@code position} to {@code target}. */
    static long to(UringFile file, long position, long count, WritableByteChannel target) throws IOException {
        long left = Math.min(count, Math.max(0, file.size() - position));
        if (left <= 0) {
            return 0;
        }
        long total = 0;
        NativeChunks.Chunk chunk = file.pool().chunks.take((int) Math.min(left, NativeChunks.MAX_CHUNK));
        try {
            ByteBuffer buf = chunk.view.duplicate();
            while (left > 0) {
                buf.clear().limit((int) Math.min(left, Math.min(buf.capacity(), NativeChunks.MAX_CHUNK)));
                int n = file.read(buf, position + total);
                if (n <= 0) {
                    break;
                }
                buf.flip();
                while (buf.hasRemaining() && target.write(buf) > 0) {
                    // a blocking target takes it all; a non-blocking one may stop early
                }
                int written = buf.position();
                total += written;
                left -= written;
                if (written < n) {
                    break;
                }
            }
        } finally {
            file.pool().chunks.give(chunk);
        }
        return total;
    }

    /** Copies up to {@code count} bytes from {@code src} into {@code file} at {@code position}. */
    static long from(UringFile file, ReadableByteChannel src, long position, long count) throws IOException {
        if (position > file.size() || count <= 0) {
            return 0;
        }
        long total = 0;
        NativeChunks.Chunk chunk = file.pool().chunks.take((int) Math.min(count, NativeChunks.MAX_CHUNK));
        try {
            ByteBuffer buf = chunk.view.duplicate();
            while (total < count) {
                buf.clear().limit((int) Math.min(count - total, Math.min(buf.capacity(), NativeChunks.MAX_CHUNK)));
                int n = src.read(buf);
                if (n <= 0) {
                    break;
                }
                buf.flip();
                total += file.writeFully(buf, position + total);
            }
        } finally {
            file.pool().chunks.give(chunk);
        }
        return total;
    }
}
