package io.uring4j.snippets;

import io.uring4j.Cqe;
import io.uring4j.IoArena;
import io.uring4j.Ring;
import io.uring4j.buffers.BufferRing;
import io.uring4j.context.ContextPool;
import io.uring4j.context.DirectUserData;
import io.uring4j.context.Resolution;
import io.uring4j.kernel.Opcode;
import io.uring4j.kernel.flags.SqeFlags;
import java.lang.foreign.MemorySegment;
import java.time.Duration;

/**
 * The code of the runtime's Javadoc examples ({@code {@snippet class=... region=...}}): compiled
 * with the tests, and run by {@code SnippetsTest}, so an example cannot drift from the API.
 */
public final class Snippets {
    private Snippets() {}

    /** Reads the start of the file open as {@code fd} into {@code buffer}; returns the byte count. */
    public static int readOnce(int fd, MemorySegment buffer) {
        // @start region=submitAndCheck
        try (Ring ring = Ring.open(8)) {
            int n = ring.submitAndCheck(ring.nextSqe().read(fd, buffer)); // throws UringException on -errno
            return n; // bytes now in buffer
        }
        // @end
    }

    /** Reads from {@code fd} into memory whose arena may be closed before the read completes. */
    public static void readIntoIoArena(Ring ring, int fd) {
        // @start region=ioArena
        try (IoArena arena = IoArena.open()) {
            MemorySegment buffer = arena.allocate(4096);
            ring.nextSqe().read(fd, buffer).userData(1);
            ring.submit();
        } // closed here, but the memory stays until the read's completion has been reaped
        // @end
    }

    /** Submits a NOP and waits for it at most a second; returns what the wait returned. */
    public static int waitWithDeadline(Ring ring) {
        // @start region=timedWait
        ring.nextSqe().nop().userData(7);
        int r = ring.submitAndWait(1, Duration.ofSeconds(1)); // -ETIME if nothing completed in time
        // @end
        return r;
    }

    /** What a request's owner does with its completion in the {@link ContextPool} example. */
    public interface Handler {
        /** Called with the connection id stored in the slot and the completion's result. */
        void complete(long connectionId, int res);
    }

    /** Queues a read that carries a pool token, then routes its completion; returns the slots still in use. */
    public static int pooledRead(Ring ring, int fd, MemorySegment buf, long connectionId, Handler handler) {
        // @start region=contextPool
        ContextPool pool = new ContextPool(1024, 2);
        long token = pool.acquire();
        if (token == ContextPool.EXHAUSTED) {
            throw new IllegalStateException("too many requests in flight; back off");
        }
        int slot = pool.resolve(token);
        pool.set(slot, 0, connectionId);
        pool.attach(slot, handler);
        ring.nextSqe().read(fd, buf).userData(token);
        ring.submitAndWait(1);
        // ... on the completion:
        Cqe cqe = ring.peek();
        long ud = cqe.userData();
        int s = pool.resolve(ud);
        if (Resolution.isSlot(s)) {
            ((Handler) pool.attachment(s)).complete(pool.get(s, 0), cqe.res());
            if (!cqe.isMore()) {
                pool.release(ud);
            }
        }
        ring.seen();
        // @end
        return pool.inUse();
    }

    /** Queues a linked read whose user_data packs its opcode, flags and fd; returns the fd read back. */
    public static int directUserData(Ring ring, int fd, MemorySegment buf) {
        // @start region=directUserData
        long ud = DirectUserData.pack(Opcode.READ, SqeFlags.IO_LINK, 0, fd);
        ring.nextSqe().read(fd, buf).flags(SqeFlags.IO_LINK).userData(ud);
        ring.nextSqe().nop().userData(DirectUserData.pack(Opcode.NOP, 0, 0, 0));
        ring.submitAndWait(2);
        // ... on the completion:
        Cqe cqe = ring.peek();
        long got = cqe.userData();
        int fromFd = -1;
        if (DirectUserData.isDirect(got)) {
            int op = DirectUserData.opcode(got);      // Opcode.READ.value()
            int flags = DirectUserData.sqeFlags(got); // SqeFlags.IO_LINK
            fromFd = DirectUserData.fd(got);
        }
        ring.advance(2);
        // @end
        return fromFd;
    }

    /** Receives once from {@code socket} into a buffer ring; returns the bytes as text. */
    public static String receiveIntoBufferRing(Ring ring, int socket) {
        // @start region=bufferRing
        try (BufferRing buffers = BufferRing.register(ring, 1, 64, 4096)) { // group 1: 64 x 4 KiB
            ring.nextSqe().recvBufferSelect(socket, buffers.groupId()).userData(7);
            ring.submitAndWait(1);
            Cqe cqe = ring.peek();
            int bid = cqe.bufferId();
            int offset = buffers.consume(cqe); // 0 unless the ring is incremental
            MemorySegment data = buffers.buffer(bid).asSlice(offset, cqe.res());
            String text = new String(data.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                    java.nio.charset.StandardCharsets.UTF_8);
            ring.seen();
            buffers.recycle(bid); // back to the kernel
            return text;
        } // closing waits for requests that may still select from the group (none here)
        // @end
    }
}
