package io.uring4j.channels;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Set;

/**
 * The JDK {@link FileChannel} that {@code map} and {@code lock} are delegated to: io_uring has no
 * memory mapping and no record locks to offer. Opened lazily on {@code /proc/self/fd/N}, so it is
 * the very file this channel has open (even if the path was since renamed or removed), with the
 * same access. Its locks are POSIX record locks of this process on that file, as the JDK's are;
 * like every POSIX lock they are dropped when any fd of the process on that file is closed, and
 * this channel closes both fds together.
 */
final class LockDelegate {
    private final UringFile file;
    private FileChannel channel;

    LockDelegate(UringFile file) {
        this.file = file;
    }

    synchronized FileChannel channel() throws IOException {
        if (channel == null) {
            Set<StandardOpenOption> options = EnumSet.noneOf(StandardOpenOption.class);
            if (file.spec.readable()) {
                options.add(StandardOpenOption.READ);
            }
            if (file.spec.writable()) {
                options.add(file.spec.append() ? StandardOpenOption.APPEND : StandardOpenOption.WRITE);
            }
            channel = FileChannel.open(Path.of("/proc/self/fd/" + file.fd), options);
        }
        return channel;
    }

    /** A call on the delegate channel. */
    @FunctionalInterface
    interface Call<T> {
        T on(FileChannel channel) throws IOException;
    }

    /** Runs {@code call} on the delegate while the file is held open; ClosedChannelException once it is closed. */
    <T> T call(Call<T> call) throws IOException {
        if (!file.enter()) {
            throw new ClosedChannelException();
        }
        try {
            return call.on(channel());
        } finally {
            file.exit();
        }
    }

    synchronized void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
