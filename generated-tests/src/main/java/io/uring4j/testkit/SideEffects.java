package io.uring4j.testkit;

import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.EpollCtlOp;
import io.uring4j.kernel.flags.SocketLevel;
import io.uring4j.kernel.flags.SocketOption;
import io.uring4j.kernel.flags.SocketType;
import io.uring4j.kernel.structs.IoUringRecvmsgOut;
import io.uring4j.kernel.structs.Statx;
import io.uring4j.testsupport.Libc;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Observing the world outside the ring: bytes on descriptors and in memory, files, directories,
 * extended attributes, descriptors installed or closed, processes reaped, sockets bound. Each
 * method is a scenario check (or setup step) and fails with what it found.
 */
final class SideEffects {
    /** Bytes read at most by one {@code read} check. */
    private static final int READ_LIMIT = 4096;

    private SideEffects() {}

    static void write(Scene s, int fd, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment seg = a.allocate(Math.max(1, b.length)).asSlice(0, b.length);
            seg.copyFrom(MemorySegment.ofArray(b));
            long n = Libc.check("write to fd " + fd, Libc.write(fd, seg));
            assertEquals(b.length, n, "short write to fd " + fd);
        }
    }

    /** Reads until {@code expected}'s length (or end of file) and compares. */
    static void read(int fd, String expected) {
        byte[] want = expected.getBytes(StandardCharsets.UTF_8);
        byte[] got = readUpTo(fd, want.length);
        assertEquals(expected, new String(got, StandardCharsets.UTF_8), "bytes read from fd " + fd);
    }

    static void eof(int fd) {
        try (Arena a = Arena.ofConfined()) {
            long n = Libc.check("read fd " + fd, Libc.read(fd, a.allocate(1)));
            assertEquals(0, n, "fd " + fd + " should be at end of file");
        }
    }

    private static byte[] readUpTo(int fd, int want) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(Math.max(1, Math.min(want, READ_LIMIT)));
            byte[] out = new byte[0];
            while (out.length < want) {
                long n = Libc.check("read fd " + fd, Libc.read(fd, buf.asSlice(0, Math.min(buf.byteSize(), want - out.length))));
                if (n == 0) {
                    break;
                }
                byte[] part = buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
                byte[] joined = Arrays.copyOf(out, out.length + part.length);
                System.arraycopy(part, 0, joined, out.length, part.length);
                out = joined;
            }
            return out;
        }
    }

    static void startsWith(MemorySegment seg, String expected, String what) {
        byte[] want = expected.getBytes(StandardCharsets.UTF_8);
        assertTrue(seg.byteSize() >= want.length, what + " holds " + seg.byteSize() + " bytes, fewer than expected "
                + want.length);
        byte[] got = seg.asSlice(0, want.length).toArray(ValueLayout.JAVA_BYTE);
        assertEquals(expected, new String(got, StandardCharsets.UTF_8), "the first bytes of " + what);
    }

    static void allZero(MemorySegment seg, String what) {
        long nonZero = MemorySegment.mismatch(seg, 0, seg.byteSize(), MemorySegment.ofArray(new byte[(int) seg.byteSize()]),
                0, seg.byteSize());
        assertEquals(-1, nonZero, what + " should be all zero; byte " + nonZero + " is not");
    }

    static void fileContent(Path p, String expected) throws IOException {
        assertEquals(expected, Files.readString(p, StandardCharsets.UTF_8), "content of " + p);
    }

    static void fileSize(Path p, long size) throws IOException {
        assertEquals(size, Files.size(p), "size of " + p);
    }

    static void exists(Path p, boolean expected) {
        assertEquals(expected, Files.exists(p, LinkOption.NOFOLLOW_LINKS), p + (expected ? " should exist" : " should not exist"));
    }

    static void isDirectory(Path p) {
        assertTrue(Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS), p + " should be a directory");
    }

    static void symlink(Path p, String target) throws IOException {
        assertTrue(Files.isSymbolicLink(p), p + " should be a symbolic link");
        assertEquals(target, Files.readSymbolicLink(p).toString(), "target of " + p);
    }

    static void xattr(int fd, String name, String expected) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment value = a.allocate(READ_LIMIT);
            long n = Libc.fgetxattr(fd, a.allocateFrom(name, StandardCharsets.UTF_8), value);
            if (n < 0) {
                fail("extended attribute " + name + " of fd " + fd + ": " + Errno.nameOf((int) -n));
            }
            assertEquals(expected, new String(value.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8),
                    "extended attribute " + name);
        }
    }

    static void setXattr(int fd, String name, String value) {
        try (Arena a = Arena.ofConfined()) {
            byte[] b = value.getBytes(StandardCharsets.UTF_8);
            MemorySegment v = a.allocate(Math.max(1, b.length)).asSlice(0, b.length);
            v.copyFrom(MemorySegment.ofArray(b));
            Libc.check("fsetxattr " + name, Libc.fsetxattr(fd, a.allocateFrom(name, StandardCharsets.UTF_8), v, 0));
        }
    }

    /** What {@code /proc/self/fd/N} links to, or null when the descriptor is not open. */
    static String fdTarget(int fd) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
        } catch (IOException e) {
            return null;
        }
    }

    static void fdOpen(Scene s, int fd, String targetContains) {
        assertTrue(fd >= 0, "expected a descriptor, got " + Completions.res(fd));
        String target = fdTarget(fd);
        assertNotEquals(null, target, "fd " + fd + " should be open");
        if (!s.owns(fd)) {
            s.own(fd, "installed fd " + fd);
        }
        if (targetContains != null) {
            assertTrue(target.contains(targetContains), "fd " + fd + " refers to " + target + ", not to something with "
                    + targetContains);
        }
    }

    static void fdClosed(Scene s, int fd) {
        assertEquals(null, fdTarget(fd), "fd " + fd + " should be closed");
        s.released(fd);
    }

    static void epollHas(int epfd, int fd) {
        try (Arena a = Arena.ofConfined()) {
            int r = Libc.epollCtl(epfd, EpollCtlOp.ADD, fd, a.allocate(Long.BYTES * 2));
            assertEquals(-Errno.EEXIST.value(), r, "adding fd " + fd + " to epoll " + epfd
                    + " again should fail with EEXIST (it is already there); got " + Completions.res(r));
        }
    }

    static void epollAdd(int epfd, int fd) {
        try (Arena a = Arena.ofConfined()) {
            // A zeroed struct epoll_event: no events asked for; hang-up and error are always reported.
            Libc.check("epoll_ctl ADD", Libc.epollCtl(epfd, EpollCtlOp.ADD, fd, a.allocate(Long.BYTES * 2)));
        }
    }

    static void bound(Scene s, int fd) {
        int port = SocketFixtures.port(SocketFixtures.boundAddress(s, fd));
        assertNotEquals(0, port, "socket " + fd + " should be bound to a port");
    }

    static void listening(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(ValueLayout.JAVA_INT);
            MemorySegment len = a.allocateFrom(ValueLayout.JAVA_INT, Integer.BYTES);
            Libc.check("getsockopt SO_ACCEPTCONN", Libc.getsockopt(fd, SocketLevel.SOL_SOCKET, SocketOption.ACCEPTCONN, v, len));
            assertEquals(1, v.get(ValueLayout.JAVA_INT, 0), "socket " + fd + " should be listening");
        }
    }

    /**
     * The listener has a connection to accept. Accepts without blocking, retrying for a while:
     * the server side of a loopback handshake may complete just after the client's connect.
     */
    static void accepts(Scene s, int listener) throws InterruptedException {
        long deadline = System.nanoTime() + Completions.TIMEOUT_NANOS;
        int fd;
        while ((fd = Libc.accept4(listener, SocketType.NONBLOCK | SocketType.CLOEXEC)) == -Errno.EAGAIN.value()
                && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(fd >= 0, "listener " + listener + " should have a connection to accept; accept4: " + Completions.res(fd));
        s.own(fd, "accepted");
    }

    static void ints(MemorySegment seg, long... values) {
        int[] got = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            got[i] = seg.getAtIndex(ValueLayout.JAVA_INT, i);
        }
        int[] want = Arrays.stream(values).mapToInt(v -> (int) v).toArray();
        assertArrayEquals(want, got, "int array");
    }

    /** fds[0], fds[1] are a pipe's read and write ends: bytes written to one come out of the other. */
    static void pipeFds(Scene s, MemorySegment fds) {
        int r = fds.getAtIndex(ValueLayout.JAVA_INT, 0);
        int w = fds.getAtIndex(ValueLayout.JAVA_INT, 1);
        fdOpen(s, r, "pipe:");
        fdOpen(s, w, "pipe:");
        write(s, w, "through");
        read(r, "through");
    }

    static void sockopt(int fd, int level, int name, int expected) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(ValueLayout.JAVA_INT);
            MemorySegment len = a.allocateFrom(ValueLayout.JAVA_INT, Integer.BYTES);
            Libc.check("getsockopt", Libc.getsockopt(fd, level, name, v, len));
            assertEquals(expected, v.get(ValueLayout.JAVA_INT, 0), "socket option " + level + "/" + name + " of fd " + fd);
        }
    }

    static void recvmsgPayload(MemorySegment buffer, String expected) {
        byte[] want = expected.getBytes(StandardCharsets.UTF_8);
        assertEquals(0, IoUringRecvmsgOut.namelen(buffer, 0), "recvmsg_out namelen");
        assertEquals(0, IoUringRecvmsgOut.controllen(buffer, 0), "recvmsg_out controllen");
        assertEquals(want.length, IoUringRecvmsgOut.payloadlen(buffer, 0), "recvmsg_out payloadlen");
        startsWith(buffer.asSlice(IoUringRecvmsgOut.SIZE), expected, "recvmsg payload");
    }

    static void statxSize(MemorySegment statx, long size) {
        assertEquals(size, Statx.stxSize(statx, 0), "statx stx_size");
    }
}
