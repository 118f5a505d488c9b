package io.uring4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.Ring;
import io.uring4j.testsupport.Libc;
import io.uring4j.kernel.flags.CqeFlags;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * The step and check verbs of a scenario (spec {@code kit_verbs.actions}): steps act on
 * fixtures before the call under test, checks assert what the kernel did after it.
 */
abstract class CheckVerbs extends FixtureVerbs {
    CheckVerbs(String entry, Ring ring) {
        super(entry, ring);
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

    /** Check {@code ring_cqe: {ring, user_data, res}}: a completion arrives on a second ring. */
    public void ringCqe(String ringRef, long userData, long res) {
        OpScenario.Completion c = otherRing(ringRef).await(userData, "ring " + ringRef);
        assertEquals(res, c.res(), () -> "res of " + c + " on ring " + ringRef);
    }

    /** Check {@code ring_cqe: {ring, user_data, res, flags}}: ... with exactly these CQE flags. */
    public void ringCqe(String ringRef, long userData, long res, long flags) {
        OpScenario.Completion c = otherRing(ringRef).await(userData, "ring " + ringRef);
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
        OpScenario.Completion c = completions.taken(userData);
        assertEquals(CqeFlags.BUFFER, c.flags() & CqeFlags.BUFFER, () -> c + " should carry a buffer id (BUFFER)");
        int bid = c.flags() >>> CqeFlags.BUFFER_SHIFT;
        Fixture f = scene.fixture(buffersRef);
        long size = f.number("size");
        assertTrue(bid < f.number("count"), () -> "buffer id " + bid + " is outside " + buffersRef);
        return f.segment(Fixture.DEFAULT).asSlice(bid * size, size);
    }
}
