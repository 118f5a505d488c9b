package io.uring4j;

import io.uring4j.kernel.Opcode;
import io.uring4j.kernel.flags.SocketDomain;
import io.uring4j.kernel.flags.SocketType;
import io.uring4j.kernel.flags.SqeFlags;
import io.uring4j.net.SocketProtocol;
import io.uring4j.snippets.ParitySnippets;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SqeView} reads entries back by the spec's names. */
class SqeViewTest {

    /** Every opcode's entry: a view names the opcode and each parameter with its field's value. */
    @Test
    void everyOpcodeIsDescribedByItsParametersFieldNames() {
        List<String> withoutParameters = new ArrayList<>();
        for (Opcode op : Opcode.values()) {
            MemorySegment image = MemorySegment.ofArray(new byte[op.sqeSize()]);
            for (int i = 0; i < image.byteSize(); i++) {
                image.set(ValueLayout.JAVA_BYTE, i, (byte) (i * 7 + 3)); // a different value in every field
            }
            image.set(ValueLayout.JAVA_BYTE, 0, (byte) op.value());
            image.set(ValueLayout.JAVA_BYTE, 1, (byte) SqeFlags.IO_LINK);
            SqeView view = SqeView.of(image);
            assertSame(op, view.op());
            assertEquals(op.sqeSize(), view.size());
            String line = view.describe();
            assertTrue(line.startsWith(op.name() + " flags=IO_LINK "), line);
            Map<String, Long> params = view.parameters();
            if (params.isEmpty()) {
                withoutParameters.add(op.name());
            }
            for (var e : params.entrySet()) {
                String key = e.getKey();
                String field = key.substring(key.indexOf('(') + 1, key.length() - 1);
                assertTrue(SqeView.fieldNames().contains(field), op + ": " + key + " names an SQE field");
                assertEquals(view.field(field), e.getValue(), op + ": " + key);
                assertTrue(line.contains(" " + key + "="), op + ": " + line + " names " + key);
            }
            assertTrue(line.endsWith(" user_data=" + view.userData()), line);
        }
        // Only opcodes that take no argument at all may show none.
        assertTrue(withoutParameters.stream().allMatch(n -> n.equals("NOP") || n.startsWith("NOP")),
                "opcodes described without parameters: " + withoutParameters);
    }

    @Test
    void aPreparedReadShowsWhereEachArgumentWent() {
        try (Ring ring = Ring.open(4); Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(64);
            Sqe sqe = ring.nextSqe().read(5, buf, 12).flags(SqeFlags.IO_LINK | SqeFlags.ASYNC).userData(7);
            SqeView view = SqeView.of(sqe);
            Map<String, Long> p = view.parameters();
            assertEquals(5L, p.get("fd(fd)"));
            assertEquals(buf.address(), p.get("buf(addr)"));
            assertEquals(64L, p.get("buf(len)"));
            assertEquals(12L, p.get("offset(off)"));
            assertTrue(view.hasFlag(SqeFlags.IO_LINK | SqeFlags.ASYNC));
            assertTrue(!view.hasFlag(SqeFlags.FIXED_FILE));
            String line = view.describe();
            assertTrue(line.startsWith("READ flags=IO_LINK|ASYNC fd(fd)=5 buf(addr)=0x" + Long.toHexString(buf.address())
                    + " buf(len)=64 offset(off)=12"), line);
            assertTrue(line.endsWith(" user_data=7"), line);
            assertEquals(line, view.toString());
        }
    }

    @Test
    void aSocketRequestNamesDomainTypeAndProtocol() {
        try (Ring ring = Ring.open(4)) {
            SqeView view = SqeView.of(SocketProtocol.UDP6.prepare(ring.nextSqe(), SocketType.CLOEXEC));
            assertEquals(Opcode.SOCKET, view.op());
            assertEquals((long) SocketDomain.INET6, view.parameters().get("domain(fd)"));
            assertEquals((long) (SocketType.DGRAM | SocketType.CLOEXEC), view.parameters().get("type(off)"));
            assertEquals((long) SocketProtocol.UDP6.protocol(), view.parameters().get("protocol(len)"));
        }
    }

    @Test
    void theViewIsACopy() {
        MemorySegment image = MemorySegment.ofArray(new byte[Sqe.SIZE]);
        image.set(ValueLayout.JAVA_INT_UNALIGNED, 4, 9);
        SqeView view = SqeView.of(image);
        image.set(ValueLayout.JAVA_INT_UNALIGNED, 4, 10);
        assertEquals(9, view.fd());
        assertNotEquals(10, view.field("fd"));
    }

    @Test
    void badInputIsRefusedByName() {
        var e = assertThrows(IllegalArgumentException.class, () -> SqeView.of(MemorySegment.ofArray(new byte[Sqe.SIZE - 1])));
        assertTrue(e.getMessage().contains("entry"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SqeView.of(MemorySegment.ofArray(new byte[Sqe.SIZE])).field("nope"));
        assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
    }

    @Test
    void theJavadocExampleDescribesARead() {
        try (Ring ring = Ring.open(2); Arena arena = Arena.ofConfined()) {
            String line = ParitySnippets.describeRead(ring, 3, arena.allocate(16));
            assertTrue(line.startsWith("READ flags=0 fd(fd)=3 "), line);
            assertTrue(line.contains(" buf(len)=16 "), line);
        }
    }
}
