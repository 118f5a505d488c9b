package io.uring4j.net;

import io.uring4j.kernel.structs.Iovec;
import io.uring4j.kernel.structs.Msghdr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;


/** The msghdr and iovecs {@link MessageHeader} writes, and what it refuses. */
class MessageHeaderTest {
    @Test
    void writesTheHeaderAndItsIovecs() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(10);
            MemorySegment b = arena.allocate(20);
            MemorySegment to = arena.allocate(16);
            MessageHeader msg = MessageHeader.allocate(arena, 2).add(a).add(b).name(to);
            MemorySegment s = msg.segment();
            long iov = Msghdr.msgIov(s, 0);
            assertEquals(msg.iovecs().segment().address(), iov, "msg_iov points at the header's iovec array");
            assertEquals(2, Msghdr.msgIovlen(s, 0));
            assertEquals(to.address(), Msghdr.msgName(s, 0));
            assertEquals(16, Msghdr.msgNamelen(s, 0));
            MemorySegment entries = msg.iovecs().segment();
            assertEquals(b.address(), Iovec.iovBase(entries, Iovec.SIZE));
            assertEquals(20, Iovec.iovLen(entries, Iovec.SIZE));
            assertEquals(30, msg.byteCount());
            msg.clear();
            assertEquals(0, Msghdr.msgIovlen(s, 0));
            assertEquals(0, Msghdr.msgName(s, 0));
            assertEquals(0, msg.byteCount());
        }
    }

    @Test
    void refusesOverflowHeapAndDeadBuffers() {
        try (Arena arena = Arena.ofConfined()) {
            MessageHeader msg = MessageHeader.allocate(arena, 1).add(arena.allocate(4));
            assertThrows(IllegalStateException.class, () -> msg.add(arena.allocate(4)), "full");
            msg.clear();
            assertThrows(IllegalArgumentException.class, () -> msg.add(MemorySegment.ofArray(new byte[4])), "heap");
            Arena shortLived = Arena.ofConfined();
            msg.add(shortLived.allocate(4));
            shortLived.close();
            assertThrows(IllegalStateException.class, msg::segment, "a buffer's arena is closed");
            assertThrows(IllegalArgumentException.class, () -> MessageHeader.allocate(arena, 0));
        }
    }
}
