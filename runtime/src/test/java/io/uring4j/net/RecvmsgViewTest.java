package io.uring4j.net;

import io.uring4j.kernel.flags.MsgFlags;
import io.uring4j.kernel.structs.IoUringRecvmsgOut;
import io.uring4j.kernel.structs.Msghdr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


/** RecvmsgView on hand-made buffers: offsets from the template's rooms, lengths and truncation from the header. */
class RecvmsgViewTest {
    private static final int NAME = 32;
    private static final int CONTROL = 24;

    private static MemorySegment buffer(Arena arena, int namelen, int controllen, int payloadlen, int flags) {
        MemorySegment b = arena.allocate(256);
        IoUringRecvmsgOut.namelen(b, 0, namelen);
        IoUringRecvmsgOut.controllen(b, 0, controllen);
        IoUringRecvmsgOut.payloadlen(b, 0, payloadlen);
        IoUringRecvmsgOut.flags(b, 0, flags);
        return b;
    }

    @Test
    void templateAndLayout() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment template = RecvmsgView.template(arena, NAME, CONTROL);
            assertEquals(NAME, Msghdr.msgNamelen(template, 0));
            assertEquals(CONTROL, Msghdr.msgControllen(template, 0));
            RecvmsgView view = new RecvmsgView(template);
            long header = IoUringRecvmsgOut.SIZE;
            int payload = 10;
            MemorySegment b = buffer(arena, 16, 20, payload, 0);
            view.wrap(b, 0, (int) (header + NAME + CONTROL + payload));
            assertEquals(header, view.nameOffset());
            assertEquals(16, view.nameLength());
            assertFalse(view.isNameTruncated());
            assertEquals(header + NAME, view.controlOffset());
            assertEquals(20, view.controlLength());
            assertEquals(20, view.control().byteSize());
            assertEquals(header + NAME + CONTROL, view.payloadOffset());
            assertEquals(payload, view.payloadLength());
            assertEquals(payload, view.payload().byteSize());
            assertFalse(view.isPayloadTruncated());
            assertFalse(view.isControlTruncated());
        }
    }

    @Test
    void truncationFlags() {
        try (Arena arena = Arena.ofConfined()) {
            RecvmsgView view = new RecvmsgView(NAME, CONTROL);
            int used = (int) (IoUringRecvmsgOut.SIZE + NAME + CONTROL + 5);
            view.wrap(buffer(arena, 40, CONTROL, 9, MsgFlags.TRUNC | MsgFlags.CTRUNC), 0, used);
            assertTrue(view.isNameTruncated());
            assertEquals(NAME, view.nameLength(), "cut to the room");
            assertEquals(40, view.nameLengthOnWire());
            assertTrue(view.isControlTruncated());
            assertTrue(view.isPayloadTruncated());
            assertEquals(5, view.payloadLength());
            assertEquals(9, view.payloadLengthOnWire());
        }
    }

    @Test
    void refusesBadInput() {
        try (Arena arena = Arena.ofConfined()) {
            RecvmsgView view = new RecvmsgView(NAME, CONTROL);
            assertThrows(IllegalStateException.class, view::payloadLength, "no buffer yet");
            MemorySegment b = buffer(arena, 0, 0, 0, 0);
            assertThrows(IllegalArgumentException.class, () -> view.wrap(b, 0, NAME), "res below the rooms");
            assertThrows(IllegalArgumentException.class, () -> view.wrap(b, 200, 100), "past the buffer");
            assertThrows(IllegalArgumentException.class, () -> new RecvmsgView(-1, 0));
            assertThrows(IllegalArgumentException.class, () -> new RecvmsgView(arena.allocate(8)));
        }
    }
}
