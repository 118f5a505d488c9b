package io.uring4j.testsupport;

import io.uring4j.kernel.flags.SocketDomain;
import io.uring4j.kernel.flags.SocketType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * A connected pair of Unix stream sockets from libc's socketpair(2), for tests: the test writes
 * into {@link #peer} with write(2) and the ring receives from {@link #local}.
 */
public final class SocketPair implements AutoCloseable {
    /** The end the ring reads from. */
    public final int local;
    /** The end the test writes to. */
    public final int peer;
    private boolean localOpen = true;
    private boolean peerOpen = true;

    private SocketPair(int local, int peer) {
        this.local = local;
        this.peer = peer;
    }

    /** A connected pair of Unix stream sockets. */
    public static SocketPair open() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment fds = a.allocate(ValueLayout.JAVA_INT, 2);
            Libc.check("socketpair", Libc.socketpair(SocketDomain.UNIX, SocketType.STREAM | SocketType.CLOEXEC, 0, fds));
            return new SocketPair(fds.getAtIndex(ValueLayout.JAVA_INT, 0), fds.getAtIndex(ValueLayout.JAVA_INT, 1));
        }
    }

    /** Writes all of {@code bytes} into the peer end. */
    public void send(byte[] bytes) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(Math.max(1, bytes.length));
            MemorySegment.copy(bytes, 0, s, ValueLayout.JAVA_BYTE, 0, bytes.length);
            send(s.asSlice(0, bytes.length));
        }
    }

    public void send(String text) {
        send(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes all of {@code data} (a native segment) into the peer end; allocates nothing. */
    public void send(MemorySegment data) {
        long done = 0;
        while (done < data.byteSize()) {
            MemorySegment rest = done == 0 ? data : data.asSlice(done);
            long n = Libc.writeNoAlloc(peer, rest);
            if (n <= 0) {
                throw new IllegalStateException("write to the socket pair failed");
            }
            done += n;
        }
    }

    /** Closes the peer end: the local end then reads end of stream. */
    public void closePeer() {
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
        Libc.close(fd);
    }
}
