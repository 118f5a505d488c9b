package io.uring4j.net;

import io.uring4j.internal.Checks;
import io.uring4j.kernel.flags.MsgFlags;
import io.uring4j.kernel.structs.IoUringRecvmsgOut;
import io.uring4j.kernel.structs.Msghdr;
import io.uring4j.multishot.Multishots;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Reads one provided buffer filled by a multishot recvmsg ({@link Multishots#recvmsg}). The
 * kernel lays each buffer out as a {@code struct io_uring_recvmsg_out} header, then a room of
 * {@code msg_namelen} bytes for the source address, a room of {@code msg_controllen} bytes for
 * control messages (both sizes come from the request's msghdr template), then the payload; the
 * completion's {@code res} is the number of bytes used.
 *
 * <p>A reusable, mutable view: {@link #wrap} points it at a buffer; the accessors read the
 * header. Offsets and lengths allocate nothing; {@link #name()}, {@link #control()} and
 * {@link #payload()} return slices (one small object each). The truncation flags tell when the
 * rooms were too small: a longer address, more control data, or a datagram longer than the
 * buffer had room for (its full length is {@link #payloadLengthOnWire()}).
 *
 * <pre>{@code
 * MemorySegment template = RecvmsgView.template(arena, (int) SockaddrStorage.SIZE, 0);
 * RecvmsgView view = new RecvmsgView(template);
 * multishots.recvmsg(udpFd, template, buffers.groupId(), handler);
 * // in handler.onCompletion(sub, cqe):
 * int bid = cqe.bufferId();
 * buffers.consume(cqe);
 * view.wrap(buffers.buffer(bid), 0, cqe.res());
 * SocketAddress from = SocketAddresses.decode(view.name());
 * MemorySegment data = view.payload();
 * }</pre>
 */
public final class RecvmsgView {
    private static final long HEADER = IoUringRecvmsgOut.SIZE;

    private final int nameSpace;
    private final int controlSpace;
    private MemorySegment buffer;
    private long base;
    private int used;

    /**
     * A view for buffers of requests armed with {@code msgTemplate}: its {@code msg_namelen} and
     * {@code msg_controllen} give the rooms.
     *
     * @param msgTemplate a {@code msghdr} whose name and control lengths tell the kernel how to lay out each buffer
     * @throws IllegalArgumentException when the template is not a msghdr or its sizes are negative or too large
     */
    public RecvmsgView(MemorySegment msgTemplate) {
        this(Msghdr.msgNamelen(checkTemplate(msgTemplate), 0), controlRoom(msgTemplate));
    }

    /**
     * A view for buffers with rooms of {@code nameSpace} and {@code controlSpace} bytes.
     *
     * @param nameSpace bytes reserved for the source address in each buffer
     * @param controlSpace bytes reserved for control messages in each buffer
     * @throws IllegalArgumentException when a size is negative
     */
    public RecvmsgView(int nameSpace, int controlSpace) {
        if (nameSpace < 0) {
            throw new IllegalArgumentException("nameSpace must be >= 0; was " + nameSpace);
        }
        if (controlSpace < 0) {
            throw new IllegalArgumentException("controlSpace must be >= 0; was " + controlSpace);
        }
        this.nameSpace = nameSpace;
        this.controlSpace = controlSpace;
    }

    /**
     * A zeroed {@code struct msghdr} in {@code arena} that asks for rooms of {@code nameSpace}
     * bytes (e.g. {@code SockaddrStorage.SIZE}) and {@code controlSpace} bytes: the template of a
     * multishot recvmsg. The kernel reads only those two fields.
     *
     * @param arena owns the memory made here; it must outlive every request that uses it
     * @param nameSpace bytes reserved for the source address in each buffer
     * @param controlSpace bytes reserved for control messages in each buffer
     * @return the {@code msghdr} template
     */
    public static MemorySegment template(Arena arena, int nameSpace, int controlSpace) {
        if (arena == null) {
            throw new IllegalArgumentException("arena must not be null");
        }
        new RecvmsgView(nameSpace, controlSpace); // same checks
        MemorySegment msg = arena.allocate(Msghdr.LAYOUT);
        Msghdr.msgNamelen(msg, 0, nameSpace);
        Msghdr.msgControllen(msg, 0, controlSpace);
        return msg;
    }

    private static MemorySegment checkTemplate(MemorySegment msg) {
        Checks.struct(msg, Msghdr.SIZE, false, "msgTemplate");
        return msg;
    }

    private static int controlRoom(MemorySegment msg) {
        long room = Msghdr.msgControllen(msg, 0);
        if (room < 0 || room > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("msgTemplate's msg_controllen must be in 0.." + Integer.MAX_VALUE
                    + "; was " + room);
        }
        return (int) room;
    }

    /**
     * Points the view at a buffer whose first {@code res} bytes the kernel filled, starting at
     * {@code offset} (0 unless the buffer ring is incremental).
     *
     * @param offset the first slot of the range
     * @param res a completion's {@code res}
     * @param buffer the provided buffer the completion used
     * @return this view
     * @throws IllegalArgumentException when {@code res} is smaller than the header and both rooms,
     *                                  or the bytes do not fit in {@code buffer}
     */
    public RecvmsgView wrap(MemorySegment buffer, long offset, int res) {
        if (buffer == null) {
            throw new IllegalArgumentException("buffer must not be null");
        }
        long minimum = HEADER + nameSpace + controlSpace;
        if (res < minimum) {
            throw new IllegalArgumentException("res (" + res + ") must be at least the header and the name and control"
                    + " rooms (" + minimum + " bytes): was the completion an error, or armed with another template?");
        }
        if (offset < 0 || offset + res > buffer.byteSize()) {
            throw new IllegalArgumentException("offset " + offset + " + res " + res + " lies outside the "
                    + buffer.byteSize() + "-byte buffer");
        }
        this.buffer = buffer;
        this.base = offset;
        this.used = res;
        return this;
    }

    // ---------------------------------------------------------------- name

    /**
     * Offset of the source address in the buffer.
     *
     * @return where the source address starts in the buffer
     */
    public long nameOffset() {
        return base + HEADER;
    }

    /** {@return bytes of source address present: the address's length, cut to the room} */
    public int nameLength() {
        return Math.min(nameLengthOnWire(), nameSpace);
    }

    /** {@return the address's full length as the kernel reported it (0 when the socket has none, e.g} connected). */
    public int nameLengthOnWire() {
        return IoUringRecvmsgOut.namelen(buffer(), base);
    }

    /** {@return true when the address was longer than the room and was cut} */
    public boolean isNameTruncated() {
        return nameLengthOnWire() > nameSpace;
    }

    /** {@return the source address bytes present, as a slice of the buffer} */
    public MemorySegment name() {
        return buffer().asSlice(nameOffset(), nameLength());
    }

    // ---------------------------------------------------------------- control

    /**
     * Offset of the control messages in the buffer.
     *
     * @return where the control messages start in the buffer
     */
    public long controlOffset() {
        return base + HEADER + nameSpace;
    }

    /** {@return bytes of control messages written} */
    public int controlLength() {
        return IoUringRecvmsgOut.controllen(buffer(), base);
    }

    /** {@return true when control data was dropped for want of room ({@code MSG_CTRUNC})} */
    public boolean isControlTruncated() {
        return (msgFlags() & MsgFlags.CTRUNC) != 0;
    }

    /** {@return the control messages written, as a slice of the buffer ({@code struct cmsghdr} records)} */
    public MemorySegment control() {
        return buffer().asSlice(controlOffset(), controlLength());
    }

    // ---------------------------------------------------------------- payload

    /**
     * Offset of the payload in the buffer.
     *
     * @return where the payload starts in the buffer
     */
    public long payloadOffset() {
        return base + HEADER + nameSpace + controlSpace;
    }

    /**
     * Payload bytes present in the buffer.
     *
     * @return payload bytes in the buffer
     */
    public int payloadLength() {
        buffer(); // refuses a view that was never wrapped
        return (int) (used - HEADER - nameSpace - controlSpace);
    }

    /**
     * The payload length the socket reported. For a datagram socket this is the datagram's full
     * length (more than {@link #payloadLength()} when it was cut) only if the request's msg flags
     * include {@code MsgFlags.TRUNC}; otherwise it is the bytes copied.
     *
     * @return payload bytes the datagram had on the wire
     */
    public int payloadLengthOnWire() {
        return IoUringRecvmsgOut.payloadlen(buffer(), base);
    }

    /** {@return true when the message was longer than the buffer had room for ({@code MSG_TRUNC})} */
    public boolean isPayloadTruncated() {
        return (msgFlags() & MsgFlags.TRUNC) != 0 || Integer.compareUnsigned(payloadLengthOnWire(), payloadLength()) > 0;
    }

    /** {@return the payload bytes present, as a slice of the buffer} */
    public MemorySegment payload() {
        return buffer().asSlice(payloadOffset(), payloadLength());
    }

    // ---------------------------------------------------------------- header

    /** {@return the message's {@link MsgFlags} (TRUNC, CTRUNC, ...)} */
    public int msgFlags() {
        return IoUringRecvmsgOut.flags(buffer(), base);
    }

    /** {@return the name room this view expects, in bytes} */
    public int nameSpace() {
        return nameSpace;
    }

    /** {@return the control room this view expects, in bytes} */
    public int controlSpace() {
        return controlSpace;
    }

    private MemorySegment buffer() {
        if (buffer == null) {
            throw new IllegalStateException("the view is not on a buffer yet: wrap() first");
        }
        return buffer;
    }
}
