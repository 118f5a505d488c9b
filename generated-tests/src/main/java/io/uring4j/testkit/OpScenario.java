package io.uring4j.testkit;

import io.uring4j.KernelVersion;
import io.uring4j.Probe;
import io.uring4j.Ring;
import io.uring4j.RingOptions;
import io.uring4j.Sqe;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.Opcode;
import io.uring4j.kernel.flags.CqeFlags;
import io.uring4j.testsupport.Libc;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The test kit behind every generated {@code kernel()} test: one ring on the running kernel,
 * the scenario's named fixtures, the steps and checks its spec names, and the completions.
 *
 * <p>The generated code calls, in order: {@link #open}, fixture methods
 * ({@code sc.kind(name, args...)}), setup steps, prep calls on {@link #sqe()}, {@link #await}
 * and the {@code expect*} methods, then checks. A spec verb {@code snake_case} is the method
 * {@code camelCase}; numbers arrive as {@code long}, strings as {@code String}. References to
 * fixtures are {@code name} (the fixture's default value) or {@code name.property}.
 *
 * <p>Everything the scenario made is released by {@link #close()}: the ring first (so no request
 * in flight outlives its memory), then second rings, descriptors, children and memory.
 */
public final class OpScenario implements AutoCloseable {
    /** Ring size of a scenario: scenarios queue a handful of requests. */
    private static final int ENTRIES = 64;
    private static volatile Probe probe;

    private final String entry;
    private final Scene scene;
    private final Completions completions;
    private final Registrations registrations;
    /** Second rings by fixture name, and their completions (made on the first check). */
    private final Map<String, Ring> rings = new HashMap<>();
    private final Map<String, Completions> ringCompletions = new HashMap<>();

    /** One completion, copied out of the CQ. */
    public record Completion(long userData, int res, int flags) {
        @Override
        public String toString() {
            return Completions.describe(this);
        }
    }

    private OpScenario(String entry, Ring ring) {
        this.entry = entry;
        this.scene = new Scene(ring);
        this.completions = new Completions(ring);
        this.registrations = new Registrations(ring, scene.arena);
    }

    /**
     * Opens the scenario's ring, or aborts the test (a JUnit assumption) when the kernel's probe
     * lacks {@code op}, naming the kernel version that added it.
     *
     * @param op          the base opcode under test
     * @param entryName   the spec entry (the opcode or one of its variants)
     * @param ringOptions option words: {@code sqe128}, {@code cqe32}, {@code cqe_mixed}
     */
    public static OpScenario open(Opcode op, String entryName, String... ringOptions) {
        if (!probe().supports(op)) {
            String what = op.name().equals(entryName) ? "" : " (" + entryName + ")";
            Assumptions.abort("IORING_OP_" + op.name() + what + " needs Linux " + op.since()
                    + "; the running kernel " + KernelVersion.current().release() + " does not offer it");
        }
        return new OpScenario(entryName, Ring.open(options(ringOptions)));
    }

    private static Probe probe() {
        Probe p = probe;
        if (p == null) {
            p = Probe.kernel();
            probe = p;
        }
        return p;
    }

    private static RingOptions options(String... words) {
        RingOptions.Builder b = RingOptions.builder().entries(ENTRIES);
        for (String w : words) {
            switch (w) {
                case "sqe128" -> b.sqe128();
                case "cqe32" -> b.cqe32();
                case "cqe_mixed" -> b.cqeMixed();
                default -> throw new IllegalArgumentException("unknown ring option word '" + w
                        + "' (known: sqe128, cqe32, cqe_mixed)");
            }
        }
        return b.build();
    }

    // ------------------------------------------------------------------ requests and completions

    /** The next SQE of the ring under test (submitting first if the SQ is full). */
    public Sqe sqe() {
        Sqe s = scene.ring.nextSqe();
        if (s == null) {
            scene.ring.submit();
            s = scene.ring.nextSqe();
        }
        if (s == null) {
            return Assertions.fail("the SQ stays full after a submit");
        }
        return s;
    }

    /**
     * Submits what is queued and waits (at most {@link Completions#TIMEOUT_NANOS}) for the next
     * completion with {@code userData}; completions of other user_data are kept for later calls.
     */
    public Completion await(long userData) {
        return completions.await(userData, entry + "'s ring");
    }

    /** Step {@code submit}: hands what is queued to the kernel now, before the next steps run. */
    public void submit() {
        scene.ring.submit();
    }

    /** Asserts that the completion's res is exactly {@code expected}. */
    public void expectRes(Completion c, long expected) {
        assertEquals(expected, c.res(), () -> entry + ": res of " + c + " should be " + expected);
    }

    /** Asserts that the completion's res compares to {@code n} by {@code op}, one of {@code >= > <= < !=}. */
    public void expectRes(Completion c, String op, long n) {
        boolean ok = switch (op) {
            case ">=" -> c.res() >= n;
            case ">" -> c.res() > n;
            case "<=" -> c.res() <= n;
            case "<" -> c.res() < n;
            case "!=" -> c.res() != n;
            default -> throw new IllegalArgumentException("unknown comparison " + op);
        };
        assertTrue(ok, () -> entry + ": res of " + c + " should be " + op + " " + n);
    }

    /** Asserts that the completion failed with {@code errno} (res is {@code -errno}). */
    public void expectErrno(Completion c, Errno errno) {
        assertEquals(-errno.value(), c.res(), () -> entry + ": res of " + c + " should be -" + errno.name());
    }

    /** Every bit of {@code mask} ({@code names}, CqeFlags) must be set. */
    public void expectFlags(Completion c, int mask, String names) {
        assertEquals(mask, c.flags() & mask, () -> entry + ": flags of " + c + " should include " + names);
    }

    // ------------------------------------------------------------------ references

    /** A descriptor (or registered index) fixture value. */
    public int fd(String ref) {
        return scene.fd(ref);
    }

    /** A numeric fixture value passed as an int parameter (it must fit). */
    public int intValue(String ref) {
        return Math.toIntExact(scene.number(ref));
    }

    /** A numeric fixture value passed as a long parameter. */
    public long value(String ref) {
        return scene.number(ref);
    }

    /** A memory fixture value (buffer, struct, string) passed as a segment parameter. */
    public MemorySegment segment(String ref) {
        return scene.segment(ref);
    }

    // ------------------------------------------------------------------ fixtures: files and memory

    /** Fixture {@code temp_dir}: a directory on tmpfs; {@code fd} (default), {@code path}. */
    public void tempDir(String name) {
        FileFixtures.tempDir(scene, name);
    }

    /** Fixture {@code temp_file}: an empty file on tmpfs, read-write; {@code fd} (default), {@code path}. */
    public void tempFile(String name) {
        FileFixtures.tempFile(scene, name, "", null);
    }

    /** Fixture {@code temp_file: "content"}. */
    public void tempFile(String name, String content) {
        FileFixtures.tempFile(scene, name, content, null);
    }

    /** Fixture {@code temp_file: ["content", dir]}: the file named {@code name} inside directory fixture dir. */
    public void tempFile(String name, String content, String dir) {
        FileFixtures.tempFile(scene, name, content, dir);
    }

    /** Fixture {@code buffer: N}: N zero bytes, page-aligned; {@code len}. */
    public void buffer(String name, long size) {
        MemoryFixtures.buffer(scene, name, size, "buffer");
    }

    /** Fixture {@code zeroed: N}: a zeroed struct of N bytes. */
    public void zeroed(String name, long size) {
        MemoryFixtures.buffer(scene, name, size, "zeroed");
    }

    /** Fixture {@code bytes: "text"}: the text's bytes, no NUL; {@code len}. */
    public void bytes(String name, String text) {
        MemoryFixtures.bytes(scene, name, text);
    }

    /** Fixture {@code cstring: "text"}: NUL-terminated. */
    public void cstring(String name, String text) {
        MemoryFixtures.cstring(scene, name, text);
    }

    /** Fixture {@code timespec: "10ms"}: a relative kernel_timespec. */
    public void timespec(String name, String duration) {
        MemoryFixtures.timespec(scene, name, duration);
    }

    /** Fixture {@code iovecs: [buf, ...]}: a struct iovec array over buffer fixtures; {@code count}. */
    public void iovecs(String name, String... buffers) {
        MemoryFixtures.iovecs(scene, name, buffers);
    }

    /** Fixture {@code int_array: [v, ...]}: numbers or numeric fixture references; {@code count}. */
    public void intArray(String name, Object... values) {
        MemoryFixtures.intArray(scene, name, values);
    }

    /** Fixture {@code msghdr: iovecs}: a struct msghdr over an iovecs fixture. */
    public void msghdr(String name, String iovecs) {
        MemoryFixtures.msghdr(scene, name, iovecs, null);
    }

    /** Fixture {@code msghdr: [iovecs, address]}: with a peer address (a sockaddr fixture or property). */
    public void msghdr(String name, String iovecs, String address) {
        MemoryFixtures.msghdr(scene, name, iovecs, address);
    }

    /** Fixture {@code open_how: [flags, mode, resolve]}. */
    public void openHow(String name, long flags, long mode, long resolve) {
        MemoryFixtures.openHow(scene, name, flags, mode, resolve);
    }

    /** Fixture {@code pi_attr: meta}: a struct io_uring_attr_pi over buffer fixture meta (the integrity metadata). */
    public void piAttr(String name, String meta) {
        MemoryFixtures.piAttr(scene, name, meta);
    }

    /** Fixture {@code futex: value}: a 32-bit futex word. */
    public void futex(String name, long value) {
        MemoryFixtures.futex(scene, name, value);
    }

    /** Fixture {@code futex_waitv: [futex, ...]}: waits on each word while it holds its current value. */
    public void futexWaitv(String name, String... futexes) {
        MemoryFixtures.futexWaitv(scene, name, futexes);
    }

    // ------------------------------------------------------------------ fixtures: descriptors

    /** Fixture {@code pipe}: {@code read} and {@code write}. */
    public void pipe(String name) {
        DescriptorFixtures.pipe(scene, name);
    }

    /** Fixture {@code eventfd}. */
    public void eventfd(String name) {
        DescriptorFixtures.eventfd(scene, name);
    }

    /** Fixture {@code epoll}: an empty epoll instance. */
    public void epoll(String name) {
        DescriptorFixtures.epoll(scene, name);
    }

    /** Fixture {@code socketpair}: a connected AF_UNIX stream pair {@code a}, {@code b}. */
    public void socketpair(String name) {
        SocketFixtures.socketpair(scene, name, "stream");
    }

    /** Fixture {@code socketpair: type}: stream, dgram or seqpacket. */
    public void socketpair(String name, String type) {
        SocketFixtures.socketpair(scene, name, type);
    }

    /** Fixture {@code sockaddr: ["127.0.0.1", port]}: a struct sockaddr_in; {@code len}. */
    public void sockaddr(String name, String ip, long port) {
        SocketFixtures.sockaddr(scene, name, ip, port);
    }

    /** Fixture {@code tcp_socket}: an unbound, unconnected TCP socket. */
    public void tcpSocket(String name) {
        SocketFixtures.tcpSocket(scene, name);
    }

    /** Fixture {@code tcp_listener}: listening on loopback; {@code addr}, {@code addr_len}. */
    public void tcpListener(String name) {
        SocketFixtures.tcpListener(scene, name);
    }

    /** Fixture {@code tcp_client: listener}: connected, waiting in the listener's accept queue. */
    public void tcpClient(String name, String listener) {
        SocketFixtures.tcpClient(scene, name, listener);
    }

    /** Fixture {@code tcp}: {@code client}, {@code server}, {@code listener}, {@code addr}, {@code addr_len}. */
    public void tcp(String name) {
        SocketFixtures.tcp(scene, name);
    }

    /** Fixture {@code udp}: connected loopback pair {@code a}, {@code b}, {@code a_addr}, {@code b_addr}, {@code addr_len}. */
    public void udp(String name) {
        SocketFixtures.udp(scene, name);
    }

    /** Fixture {@code child: [path, args...]}: a process started with posix_spawn; {@code pid}. */
    public void child(String name, String... argv) {
        ProcessFixtures.child(scene, name, argv);
    }

    // ------------------------------------------------------------------ fixtures: rings and registrations

    /** Fixture {@code ring}: a second ring (the default value is its fd). */
    public void ring(String name) {
        ring(name, 0);
    }

    /** Fixture {@code ring: slots}: a second ring with a sparse file table of that many slots. */
    public void ring(String name, long fileSlots) {
        Ring other = Ring.open(RingOptions.ofEntries(ENTRIES));
        scene.onClose(other::close);
        if (fileSlots > 0) {
            new Registrations(other, scene.arena).fileTable(Math.toIntExact(fileSlots));
        }
        scene.add(name, "ring").set(Fixture.DEFAULT, other.fd()).set("fd", other.fd());
        rings.put(name, other);
    }

    /** Fixture {@code file_table: N}: a sparse registered-file table of N slots on the ring under test; {@code count}. */
    public void fileTable(String name, long slots) {
        registrations.fileTable(Math.toIntExact(slots));
        scene.add(name, "file_table").set(Fixture.DEFAULT, slots).set("count", slots);
    }

    /** Fixture {@code fixed_file: fd-ref}: that descriptor in the next registered-file slot; {@code index} (default), {@code fd}. */
    public void fixedFile(String name, String fdRef) {
        int fd = scene.fd(fdRef);
        int slot = registrations.addFile(fd);
        scene.add(name, "fixed_file").set(Fixture.DEFAULT, slot).set("index", slot).set("fd", fd);
    }

    /** Fixture {@code fixed_buffer: N}: N zero bytes registered as a fixed buffer; {@code index}, {@code len}. */
    public void fixedBuffer(String name, long size) {
        MemorySegment b = registrations.addBuffer(size);
        scene.add(name, "fixed_buffer").set(Fixture.DEFAULT, b).set("len", size)
                .set("index", registrations.lastBufferSlot());
    }

    /** Fixture {@code fixed_buffer: "text"}: a registered buffer holding exactly the text's bytes. */
    public void fixedBuffer(String name, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        MemorySegment b = registrations.addBuffer(bytes.length);
        b.copyFrom(MemorySegment.ofArray(bytes));
        scene.add(name, "fixed_buffer").set(Fixture.DEFAULT, b).set("len", bytes.length)
                .set("index", registrations.lastBufferSlot());
    }

    /**
     * Fixture {@code buf_ring: [group, count, size]}: a registered provided-buffer ring with
     * {@code count} buffers of {@code size} bytes (ids from 0); the region is the default value,
     * with {@code group}, {@code count}, {@code size}.
     */
    public void bufRing(String name, long group, long count, long size) {
        providedBuffers(name, group, count, size);
        registrations.bufRing((int) group, (int) count, (int) size, scene.segment(name));
    }

    /**
     * Fixture {@code provided_buffers: [group, count, size]}: memory for {@code count} buffers of
     * {@code size} bytes for a PROVIDE_BUFFERS request; {@code group}, {@code count}, {@code size}.
     */
    public void providedBuffers(String name, long group, long count, long size) {
        MemoryFixtures.buffer(scene, name, count * size, "provided_buffers");
        scene.fixture(name).set("group", group).set("count", count).set("size", size);
    }

    // ------------------------------------------------------------------ steps

    /** Step {@code write: [fd, "text"]}: writes all of it. */
    public void write(String fdRef, String text) {
        SideEffects.write(scene, scene.fd(fdRef), text);
    }

    /** Step {@code fill: [segment, "text"]}: copies the text's bytes to the start of the segment. */
    public void fill(String segRef, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        MemorySegment seg = scene.segment(segRef);
        if (b.length > seg.byteSize()) {
            throw new IllegalArgumentException("fill: \"" + text + "\" does not fit in " + segRef + " (" + seg.byteSize() + " bytes)");
        }
        MemorySegment.copy(MemorySegment.ofArray(b), 0, seg, 0, b.length);
    }

    /** Step {@code close_fd: fd}: closes a fixture descriptor now. */
    public void closeFd(String fdRef) {
        int fd = scene.fd(fdRef);
        Libc.check("close " + fdRef, Libc.close(fd));
        scene.released(fd);
    }

    /** Step {@code epoll_add: [epoll, fd]}: registers fd with no events (hang-up and error are always reported). */
    public void epollAdd(String epollRef, String fdRef) {
        SideEffects.epollAdd(scene.fd(epollRef), scene.fd(fdRef));
    }

    /** Step {@code set_xattr: [file, name, value]}. */
    public void setXattr(String fileRef, String name, String value) {
        SideEffects.setXattr(scene.fd(fileRef), name, value);
    }

    // ------------------------------------------------------------------ checks

    /** Check {@code read: [fd, "text"]}: the next bytes on fd are exactly text. */
    public void read(String fdRef, String expected) {
        SideEffects.read(scene.fd(fdRef), expected);
    }

    /** Check {@code eof: fd}: a read returns end of file. */
    public void eof(String fdRef) {
        SideEffects.eof(scene.fd(fdRef));
    }

    /** Check {@code starts_with: [segment, "text"]}: the segment's first bytes are text. */
    public void startsWith(String segRef, String expected) {
        SideEffects.startsWith(scene.segment(segRef), expected, segRef);
    }

    /** Check {@code all_zero: segment}. */
    public void allZero(String segRef) {
        SideEffects.allZero(scene.segment(segRef), segRef);
    }

    /** Check {@code file_content: [file, "text"]}: the whole file. */
    public void fileContent(String fileRef, String expected) throws Exception {
        SideEffects.fileContent(FileFixtures.path(scene, fileRef), expected);
    }

    /** Check {@code file_size: [file, n]}. */
    public void fileSize(String fileRef, long size) throws Exception {
        SideEffects.fileSize(FileFixtures.path(scene, fileRef), size);
    }

    /** Check {@code exists: [dir, "name"]}. */
    public void exists(String dirRef, String rel) {
        SideEffects.exists(FileFixtures.path(scene, dirRef, rel), true);
    }

    /** Check {@code absent: [dir, "name"]}. */
    public void absent(String dirRef, String rel) {
        SideEffects.exists(FileFixtures.path(scene, dirRef, rel), false);
    }

    /** Check {@code is_dir: [dir, "name"]}. */
    public void isDir(String dirRef, String rel) {
        SideEffects.isDirectory(FileFixtures.path(scene, dirRef, rel));
    }

    /** Check {@code symlink: [dir, "name", "target"]}. */
    public void symlink(String dirRef, String rel, String target) throws Exception {
        SideEffects.symlink(FileFixtures.path(scene, dirRef, rel), target);
    }

    /** Check {@code file_content_at: [dir, "name", "text"]}: a file inside a directory fixture. */
    public void fileContentAt(String dirRef, String rel, String expected) throws Exception {
        SideEffects.fileContent(FileFixtures.path(scene, dirRef, rel), expected);
    }

    /** Check {@code xattr: [file, name, value]}. */
    public void xattr(String fileRef, String name, String expected) {
        SideEffects.xattr(scene.fd(fileRef), name, expected);
    }

    /** Check {@code fd_open: $res}: the number is an open descriptor (closed with the scenario). */
    public void fdOpen(long fd) {
        SideEffects.fdOpen(scene, Math.toIntExact(fd), null);
    }

    /** Check {@code fd_open: [$res, "text"]}: ... and /proc/self/fd shows it refers to something containing text. */
    public void fdOpen(long fd, String targetContains) {
        SideEffects.fdOpen(scene, Math.toIntExact(fd), targetContains);
    }

    /** Check {@code fd_closed: fd}: the fixture descriptor is no longer open. */
    public void fdClosed(String fdRef) {
        SideEffects.fdClosed(scene, scene.fd(fdRef));
    }

    /** Check {@code reaped: child}: the child was waited for (it is no longer this process's child). */
    public void reaped(String childRef) {
        assertTrue(ProcessFixtures.reaped(scene.fd(childRef)), "child " + childRef + " should have been reaped");
    }

    /** Check {@code ring_cqe: [ring, user_data, res]}: a completion arrives on a second ring. */
    public void ringCqe(String ringRef, long userData, long res) {
        Completion c = otherRing(ringRef).await(userData, "ring " + ringRef);
        assertEquals(res, c.res(), () -> "res of " + c + " on ring " + ringRef);
    }

    /** Check {@code ring_cqe: [ring, user_data, res, flags]}: ... with exactly these CQE flags. */
    public void ringCqe(String ringRef, long userData, long res, long flags) {
        Completion c = otherRing(ringRef).await(userData, "ring " + ringRef);
        assertEquals(res, c.res(), () -> "res of " + c + " on ring " + ringRef);
        assertEquals(flags, Integer.toUnsignedLong(c.flags()), () -> "flags of " + c + " on ring " + ringRef);
    }

    private Completions otherRing(String ref) {
        Ring r = rings.get(ref);
        if (r == null) {
            throw new IllegalArgumentException(ref + " is not a ring fixture (have " + rings.keySet() + ")");
        }
        return ringCompletions.computeIfAbsent(ref, k -> new Completions(r));
    }

    /** Check {@code epoll_has: [epoll, fd]}: fd is in the epoll set. */
    public void epollHas(String epollRef, String fdRef) {
        SideEffects.epollHas(scene.fd(epollRef), scene.fd(fdRef));
    }

    /** Check {@code bound: socket}: bound to a port. */
    public void bound(String sockRef) {
        SideEffects.bound(scene, scene.fd(sockRef));
    }

    /** Check {@code listening: socket}. */
    public void listening(String sockRef) {
        SideEffects.listening(scene.fd(sockRef));
    }

    /** Check {@code accepts: listener}: a connection is waiting (it is accepted now, without blocking). */
    public void accepts(String listenerRef) throws InterruptedException {
        SideEffects.accepts(scene, scene.fd(listenerRef));
    }

    /** Check {@code ints: [array, v, ...]}: the int array holds exactly these values. */
    public void ints(String arrayRef, long... values) {
        SideEffects.ints(scene.segment(arrayRef), values);
    }

    /** Check {@code pipe_fds: array}: int[2] holds the read and write ends of a working pipe. */
    public void pipeFds(String arrayRef) {
        SideEffects.pipeFds(scene, scene.segment(arrayRef));
    }

    /** Check {@code sockopt: [socket, level, name, value]}: getsockopt gives this int. */
    public void sockopt(String sockRef, long level, long name, long value) {
        SideEffects.sockopt(scene.fd(sockRef), (int) level, (int) name, (int) value);
    }

    /**
     * Check {@code recvmsg_payload: [buffers, user_data, "text"]}: the provided buffer the
     * completion for user_data names holds a multishot recvmsg result (io_uring_recvmsg_out
     * header; the template msghdr has no name or control space) whose payload is exactly text.
     */
    public void recvmsgPayload(String buffersRef, long userData, String expected) {
        SideEffects.recvmsgPayload(selected(buffersRef, userData), expected);
    }

    /** Check {@code statx_size: [statx, n]}. */
    public void statxSize(String statxRef, long size) {
        SideEffects.statxSize(scene.segment(statxRef), size);
    }

    /**
     * Check {@code selected_bytes: [buffers, user_data, "text"]}: the completion awaited for
     * user_data carries a buffer id (CQE flag BUFFER) and that buffer of the provided-buffer
     * fixture starts with text.
     */
    public void selectedBytes(String buffersRef, long userData, String expected) {
        SideEffects.startsWith(selected(buffersRef, userData), expected, buffersRef + " (the buffer selected for "
                + Completions.hex(userData) + ")");
    }

    /** The provided buffer named by the buffer id in the completion awaited for userData. */
    private MemorySegment selected(String buffersRef, long userData) {
        Completion c = completions.taken(userData);
        assertEquals(CqeFlags.BUFFER, c.flags() & CqeFlags.BUFFER, () -> c + " should carry a buffer id (BUFFER)");
        int bid = c.flags() >>> CqeFlags.BUFFER_SHIFT;
        Fixture f = scene.fixture(buffersRef);
        long size = f.number("size");
        assertTrue(bid < f.number("count"), () -> "buffer id " + bid + " is outside " + buffersRef);
        return f.segment(Fixture.DEFAULT).asSlice(bid * size, size);
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void close() throws Exception {
        scene.close();
    }

    @Override
    public String toString() {
        return "OpScenario[" + entry + ", " + scene.ring + "]";
    }
}
