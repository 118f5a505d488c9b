package io.uring4j.fuzz;

import io.uring4j.IoVecs;
import io.uring4j.Ring;
import io.uring4j.RingOptions;
import io.uring4j.Sqe;
import io.uring4j.net.MessageHeader;
import io.uring4j.testsupport.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * What the corpus's cases share: one ring, an arena for good arguments, a closed arena's segment,
 * and a descriptor of {@code /dev/null} made fresh for every case (a case may close it).
 */
final class Kit implements AutoCloseable {
    final Ring ring = Ring.open(64);
    /** For the opcodes that need 128-byte entries. */
    final Ring ring128 = Ring.open(RingOptions.builder().entries(64).sqe128().build());
    private Ring takenFrom;
    final Arena arena = Arena.ofShared();
    final MemorySegment closed;
    final IoVecs closedIovecs;
    final IoVecs iovecsOverClosed;
    final MessageHeader headerOverClosed;
    private final MemorySegment devNullPath = arena.allocateFrom("/dev/null");
    int fd = -1;
    private Sqe taken;

    Kit() {
        Arena gone = Arena.ofConfined();
        closed = gone.allocate(4096, 4096);
        closedIovecs = IoVecs.allocate(gone, 1).add(gone.allocate(64));
        Arena goneBuffers = Arena.ofConfined();
        iovecsOverClosed = IoVecs.allocate(arena, 2).add(arena.allocate(64)).add(goneBuffers.allocate(64));
        headerOverClosed = MessageHeader.allocate(arena, 1).add(goneBuffers.allocate(64));
        gone.close();
        goneBuffers.close();
    }

    /** Opens a fresh {@code /dev/null} for the next case (closing the last one if still ours). */
    void freshFd() {
        if (fd >= 0) {
            Libc.close(fd);
        }
        fd = Libc.open(devNullPath, 2 /* O_RDWR */, 0);
    }

    /** {@return the next entry of the ring, remembered so the runner can submit it once prepared} */
    Sqe sqe() {
        return sqe(ring);
    }

    /** {@return the next entry of {@code r}, remembered with its ring} */
    Sqe sqe(Ring r) {
        takenFrom = r;
        taken = r.nextSqe();
        return taken;
    }

    /** {@return the ring of the entry taken last} */
    Ring takenFrom() {
        return takenFrom == null ? ring : takenFrom;
    }

    /** {@return the entry the last case took (and forgets it), or null} */
    Sqe takeSqe() {
        Sqe s = taken;
        taken = null;
        return s;
    }

    /** A zeroed, page-aligned native page: a good segment argument where whole pages are asked for. */
    MemorySegment page() {
        return arena.allocate(4096, 4096);
    }

    /**
     * A zeroed, page-aligned segment of 4080 bytes: a whole number of every element size the prep
     * methods take (4, 8, 12, 16, 24), so an array parameter is good too.
     */
    MemorySegment memory() {
        return arena.allocate(4080, 4096);
    }

    /** {@return a checked iovec array over one good page} */
    IoVecs iovecs() {
        return IoVecs.allocate(arena, 1).add(page());
    }

    /** {@return a checked message header over one good page} */
    MessageHeader header() {
        return MessageHeader.allocate(arena, 1).add(page());
    }

    @Override
    public void close() {
        if (fd >= 0) {
            Libc.close(fd);
        }
        ring.close();
        ring128.close();
        arena.close();
    }
}
