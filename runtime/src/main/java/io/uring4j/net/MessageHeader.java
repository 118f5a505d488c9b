package io.uring4j.net;

import io.uring4j.IoVecs;
import io.uring4j.internal.Checks;
import io.uring4j.kernel.structs.Msghdr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A checked {@code struct msghdr} for the sendmsg and recvmsg prep methods: its buffers are a
 * checked {@link IoVecs}, its name (peer address) and control space are segments it keeps. A prep
 * method checks that all of them are still alive and rewrites the header's pointers and lengths
 * from them before the kernel sees it, so the kernel is only pointed at live memory of the right
 * size. Filling it allocates nothing: {@link #clear()}, then {@link #add(MemorySegment)} each
 * buffer, then pass the header to the prep method. Raw msghdr memory ({@link #segment()}) goes only
 * to the {@code ...Unchecked} prep methods.
 *
 * <p>Lifetime: the kernel reads the header and the iovec array when it issues the request
 * (keep them unchanged until the first completion), and reads or writes the buffers, name and
 * control space until the request is done (for zero-copy: until the notification; see
 * {@code ZeroCopyTracker}). The header keeps a reference to each; their arenas must stay open.
 *
 * <p>Example:
 * <pre>{@code
 * MessageHeader msg = MessageHeader.allocate(arena, 4);
 * msg.clear().add(header).add(body);
 * ring.nextSqe().sendmsgZc(fd, msg).userData(zc.begin(7));
 * }</pre>
 */
public final class MessageHeader {
    private final MemorySegment segment;
    private final IoVecs iovecs;
    private MemorySegment name;
    private MemorySegment control;

    private MessageHeader(MemorySegment segment, IoVecs iovecs) {
        this.segment = segment;
        this.iovecs = iovecs;
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
        return new MessageHeader(arena.allocate(Msghdr.LAYOUT), IoVecs.allocate(arena, maxIovecs));
    }

    /**
     * Empties the header: no buffers, no name, no control space.
     *
     * @return this header
     */
    public MessageHeader clear() {
        iovecs.clear();
        name = null;
        control = null;
        segment.fill((byte) 0);
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
        iovecs.add(buf);
        write();
        return this;
    }

    /**
     * Sets the name: the destination address of a send (e.g. for an unconnected UDP socket), or the
     * room for the source address of a receive; none with null. Its byte size is the name length.
     *
     * @param sockaddr the address memory, or null
     * @return this header
     * @throws IllegalArgumentException when sockaddr is not a live native segment
     */
    public MessageHeader name(MemorySegment sockaddr) {
        Checks.nullableAddress(sockaddr, "sockaddr");
        Checks.length(sockaddr, "sockaddr");
        name = sockaddr;
        write();
        return this;
    }

    /**
     * Whether the header's own memory, its iovec array with every entry, its name and its control
     * space are still open. The ring asks at the completion of a request that used the header.
     *
     * @return true when all of it is alive
     */
    public boolean isAlive() {
        return segment.scope().isAlive() && iovecs.isAlive()
                && (name == null || name.scope().isAlive()) && (control == null || control.scope().isAlive());
    }

    /**
     * Sets the control (ancillary data) space: cmsgs to send, or room for the ones received; none
     * with null. Its byte size is the control length.
     *
     * @param cmsgs the control memory, or null
     * @return this header
     * @throws IllegalArgumentException when cmsgs is not a live native segment
     */
    public MessageHeader control(MemorySegment cmsgs) {
        Checks.nullableAddress(cmsgs, "control");
        control = cmsgs;
        write();
        return this;
    }

    /** Writes the header's fields from the Java-side state (the one place they are written). */
    private void write() {
        Msghdr.msgName(segment, 0, name == null ? 0 : name.address());
        Msghdr.msgNamelen(segment, 0, name == null ? 0 : (int) name.byteSize());
        Msghdr.msgIov(segment, 0, iovecs.count() == 0 ? 0 : iovecs.checkedAddress("msg"));
        Msghdr.msgIovlen(segment, 0, iovecs.count());
        Msghdr.msgControl(segment, 0, control == null ? 0 : control.address());
        Msghdr.msgControllen(segment, 0, control == null ? 0 : control.byteSize());
    }

    /**
     * Checks that the header, its iovecs, name and control space are alive, rewrites the header
     * from them and returns its address. Prep methods call it; it allocates nothing.
     *
     * @param param the prep parameter's name, for the message
     * @return the address of the {@code struct msghdr}
     * @throws IllegalArgumentException naming {@code param} and the part that is closed
     */
    public long checkedAddress(String param) {
        if (!segment.scope().isAlive()) {
            throw new IllegalArgumentException(param + ": the header's arena is already closed");
        }
        if (name != null && !name.scope().isAlive()) {
            throw new IllegalArgumentException(param + " name belongs to an arena that is already closed");
        }
        if (control != null && !control.scope().isAlive()) {
            throw new IllegalArgumentException(param + " control belongs to an arena that is already closed");
        }
        iovecs.checkedAddress(param + " iovec");
        write();
        return segment.address();
    }

    /**
     * The raw {@code struct msghdr}, for an {@code ...Unchecked} prep method or to read what a
     * receive wrote back (name length, flags). Checks first that every part is alive.
     *
     * @return the {@code msghdr} memory
     * @throws IllegalStateException when a buffer's arena has been closed
     */
    public MemorySegment segment() {
        try {
            checkedAddress("msg");
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage() + "; clear() the header and add live buffers", e);
        }
        return segment;
    }

    /** {@return the header's iovecs} */
    public IoVecs iovecs() {
        return iovecs;
    }

    /** {@return buffers added since the last {@link #clear()}} */
    public int iovecCount() {
        return iovecs.count();
    }

    /**
     * Most buffers the header can hold.
     *
     * @return the most buffers the header holds
     */
    public int capacity() {
        return iovecs.capacity();
    }

    /**
     * Total bytes of the buffers added: what a complete send transfers.
     *
     * @return total bytes of the buffers added
     */
    public long byteCount() {
        return iovecs.byteCount();
    }
}
