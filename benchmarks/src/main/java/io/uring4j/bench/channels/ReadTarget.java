package io.uring4j.bench.channels;

import com.sun.nio.file.ExtendedOpenOption;
import io.uring4j.channels.UringAsynchronousFileChannel;
import io.uring4j.channels.UringFileChannel;
import io.uring4j.channels.UringOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutionException;

/** The channels compared: one positional 4 KiB read, however each does it. */
abstract class ReadTarget implements AutoCloseable {
    abstract int read(ByteBuffer dst, long position) throws IOException;

    @Override
    public abstract void close() throws IOException;

    /**
     * @param impl   {@code uring} (UringFileChannel), {@code uringAsync} (UringAsynchronousFileChannel
     *               Future), {@code jdk} (FileChannel), {@code jdkAsync} (AsynchronousFileChannel Future)
     * @param direct O_DIRECT
     */
    static ReadTarget open(String impl, Path path, boolean direct) throws IOException {
        OpenOption[] options = direct
                ? new OpenOption[] {StandardOpenOption.READ, impl.startsWith("uring") ? UringOpenOption.DIRECT : ExtendedOpenOption.DIRECT}
                : new OpenOption[] {StandardOpenOption.READ};
        return switch (impl) {
            case "uring" -> sync(UringFileChannel.open(path, options));
            case "jdk" -> sync(FileChannel.open(path, options));
            case "uringAsync" -> async(UringAsynchronousFileChannel.open(path, options));
            case "jdkAsync" -> async(AsynchronousFileChannel.open(path, options));
            default -> throw new IllegalArgumentException("impl must be uring, uringAsync, jdk or jdkAsync; was " + impl);
        };
    }

    private static ReadTarget sync(FileChannel ch) {
        return new ReadTarget() {
            @Override
            int read(ByteBuffer dst, long position) throws IOException {
                return ch.read(dst, position);
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }

    private static ReadTarget async(AsynchronousFileChannel ch) {
        return new ReadTarget() {
            @Override
            int read(ByteBuffer dst, long position) throws IOException {
                try {
                    return ch.read(dst, position).get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                } catch (ExecutionException e) {
                    throw new IOException(e.getCause());
                }
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }
}
