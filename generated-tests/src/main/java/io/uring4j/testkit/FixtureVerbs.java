package io.uring4j.testkit;

import io.uring4j.Ring;
import io.uring4j.RingOptions;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * The fixture verbs of a scenario (spec {@code kit_verbs.fixtures}): files and memory,
 * descriptors, rings and registrations. Each makes a named fixture in the scene.
 */
abstract class FixtureVerbs extends ScenarioState {
    FixtureVerbs(String entry, Ring ring) {
        super(entry, ring);
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
}
