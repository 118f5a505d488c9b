package io.uring4j.net;

import io.uring4j.internal.Checks;
import io.uring4j.kernel.structs.Iovec;
import io.uring4j.kernel.structs.Msghdr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A reusable {@code struct msghdr} with room for a fixed number of iovecs, in one native segment,
 * for {@code SENDMSG}, {@code SENDMSG_ZC} and {@code SENDMSG_ZC_FIXED}. Filling it allocates
 * nothing: {@link #clear()}, then {@link #add(MemorySegment)} each buffer, then pass
 * {@link #segment()} to the prep method.
 *
 * <p>Lifetime: the kernel reads the header and the iovec array when it issues the request
 * (keep them unchanged until the first completion) and the buffers until the request is done
 * (for zero-copy: until the notification; see {@link ZeroCopyTracker}). The header keeps a
 * reference to every buffer added, so they stay reachable while it is in use; their arena must
 * stay open.
 *
 * <p>Example:
 * <pre>{@code
 * MessageHeader msg = MessageHeader.allocate(arena, 4);
 * msg.clear().add(header).add(body);
 * ring.nextSqe().sendmsgZc(fd, msg.segment()).userData(zc.begin(7));
 * }</pre>
 */
public final class MessageHeader {
    private final MemorySegment segment;
    private final MemorySegment[] buffers;
    private int count;
    private long bytes;

    private MessageHeader(MemorySegment segment, int capacity) {
        this.segment = segment;
        this.buffers = new MemorySegment[capacity];
        clear();
    }

    /**
     * A header with room for {@code maxIovecs} buffers, allocated in {@code arena}.
     *
     * @param arena owns the memory made here; it must outlive every request that uses it
     * @param maxIovecs the most buffers the message may gather
     * @return the header
     * @throws IllegalArgumentException when arena is null or maxIovecs is not positive
     */
    public static MessageHeader allocate(Arena arena, int maxIovecs) {
        if (arena == null) {
            throw new IllegalArgumentException("arena must not be null");
        }
        if (maxIovecs < 1) {
            throw new IllegalArgumentException("maxIovecs must be >= 1; was " + maxIovecs);
        }
        MemorySegment s = arena.allocate(Msghdr.SIZE + Iovec.SIZE * maxIovecs, Long.BYTES);
        return new MessageHeader(s, maxIovecs);
    }

    /**
     * Empties the header: no buffers, no destination address, no control data.
     *
     * @return this header
     */
    public MessageHeader clear() {
        segment.asSlice(0, Msghdr.SIZE).fill((byte) 0);
        Msghdr.msgIov(segment, 0, segment.address() + Msghdr.SIZE);
        java.util.Arrays.fill(buffers, 0, count, null);
        count = 0;
        bytes = 0;
        return this;
    }

    /**
     * Appends {@code buf} as the next iovec.
     *
     * @param buf a buffer to add to the message
     * @return this header
     * @throws IllegalArgumentException when buf is not a live native segment
     * @throws IllegalStateException    when all {@link #capacity()} iovecs are in use
     */
    public MessageHeader add(MemorySegment buf) {
        long address = Checks.address(buf, "buf");
        if (count == buffers.length) {
            throw new IllegalStateException("the header holds " + buffers.length + " iovecs already; allocate it with more");
        }
        long at = Msghdr.SIZE + Iovec.SIZE * count;
        Iovec.iovBase(segment, at, address);
        Iovec.iovLen(segment, at, buf.byteSize());
        buffers[count++] = buf;
        bytes += buf.byteSize();
        Msghdr.msgIovlen(segment, 0, count);
        return this;
    }

    /**
     * Sets the destination address (a sockaddr, e.g. for an unconnected UDP socket), or none with null.
     *
     * @param sockaddr the address memory
     * @return this header
     * @throws IllegalArgumentException when sockaddr is not a live native segment
     */
    public MessageHeader name(MemorySegment sockaddr) {
        long address = Checks.nullableAddress(sockaddr, "sockaddr");
        Msghdr.msgName(segment, 0, address);
        Msghdr.msgNamelen(segment, 0, sockaddr == null ? 0 : (int) sockaddr.byteSize());
        return this;
    }

    /**
     * The {@code struct msghdr} (followed by its iovecs), to pass to a sendmsg prep method.
     * Checks first that every buffer added is still alive, so the kernel is never pointed at
     * freed memory.
     *
     * @return the {@code msghdr} memory
     * @throws IllegalStateException when a buffer's arena has been closed
     */
    public MemorySegment segment() {
        for (int i = 0; i < count; i++) {
            if (!buffers[i].scope().isAlive()) {
                throw new IllegalStateException("iovec " + i + " belongs to an arena that is already closed; clear()"
                        + " the header and add live buffers");
            }
        }
        return segment;
    }

    /** {@return buffers added since the last {@link #clear()}} */
    public int iovecCount() {
        return count;
    }

    /**
     * Most buffers the header can hold.
     *
     * @return the most buffers the header holds
     */
    public int capacity() {
        return buffers.length;
    }

    /**
     * Total bytes of the buffers added: what a complete send transfers.
     *
     * @return total bytes of the buffers added
     */
    public long byteCount() {
        return bytes;
    }
}
