package io.uring4j.channels.snippets;

import io.uring4j.channels.UringFileChannel;
import io.uring4j.channels.UringOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Compiled examples quoted by the channels' Javadoc and README. */
public final class OpenExample {
    private OpenExample() {}

    /** Reads the first 4 KiB of {@code path}, bypassing the page cache, on a virtual thread. */
    public static ByteBuffer readHead(Path path) throws IOException, InterruptedException {
        ByteBuffer[] out = new ByteBuffer[1];
        IOException[] failure = new IOException[1];
        Thread.ofVirtual().start(() -> {
            // @start region=open
            try (UringFileChannel ch = UringFileChannel.open(path, StandardOpenOption.READ, UringOpenOption.DIRECT)) {
                ByteBuffer buf = ByteBuffer.allocateDirect(8192).alignedSlice(4096).limit(4096);
                ch.read(buf, 0); // parks this virtual thread, not its carrier
                out[0] = buf.flip();
            }
            // @end
            catch (IOException e) {
                failure[0] = e;
            }
        }).join();
        if (failure[0] != null) {
            throw failure[0];
        }
        return out[0];
    }
}
