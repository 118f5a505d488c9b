package io.uring4j;

import io.uring4j.kernel.flags.SocketDomain;
import io.uring4j.kernel.flags.SocketType;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

/**
 * A connected pair of Unix stream sockets from libc's socketpair(2), for tests: the test writes
 * into {@link #peer} with write(2) and the ring receives from {@link #local}.
 */
final class SocketPair implements AutoCloseable {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle SOCKETPAIR = libc("socketpair", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    private static final MethodHandle WRITE = libc("write", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle CLOSE = libc("close", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT));

    /** The end the ring reads from. */
    final int local;
    /** The end the test writes to. */
    final int peer;
    private boolean localOpen = true;
    private boolean peerOpen = true;

    private SocketPair(int local, int peer) {
        this.local = local;
        this.peer = peer;
    }

    private static MethodHandle libc(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), fd);
    }

    static SocketPair open() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment fds = a.allocate(ValueLayout.JAVA_INT, 2);
            int r = (int) SOCKETPAIR.invokeExact(SocketDomain.UNIX, SocketType.STREAM | SocketType.CLOEXEC, 0, fds);
            if (r != 0) {
                throw new IllegalStateException("socketpair failed");
            }
            return new SocketPair(fds.getAtIndex(ValueLayout.JAVA_INT, 0), fds.getAtIndex(ValueLayout.JAVA_INT, 1));
        } catch (Throwable t) {
            throw t instanceof RuntimeException r ? r : new IllegalStateException(t);
        }
    }

    /** Writes all of {@code bytes} into the peer end. */
    void send(byte[] bytes) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(Math.max(1, bytes.length));
            MemorySegment.copy(bytes, 0, s, ValueLayout.JAVA_BYTE, 0, bytes.length);
            send(s.asSlice(0, bytes.length));
        }
    }

    void send(String text) {
        send(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes all of {@code data} (a native segment) into the peer end; allocates nothing. */
    void send(MemorySegment data) {
        long done = 0;
        while (done < data.byteSize()) {
            long n;
            MemorySegment rest = done == 0 ? data : data.asSlice(done);
            try {
                n = (long) WRITE.invokeExact(peer, rest, data.byteSize() - done);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            if (n <= 0) {
                throw new IllegalStateException("write to the socket pair failed");
            }
            done += n;
        }
    }

    /** Closes the peer end: the local end then reads end of stream. */
    void closePeer() {
        if (peerOpen) {
            peerOpen = false;
            closeFd(peer);
        }
    }

    @Override
    public void close() {
        closePeer();
        if (localOpen) {
            localOpen = false;
            closeFd(local);
        }
    }

    private static void closeFd(int fd) {
        try {
            int r = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
