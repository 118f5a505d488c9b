package io.uring4j.generator;

import static io.uring4j.generator.Sources.javadocOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.generator.emit.Emitter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The generated Sqe of the small test spec: its source (signatures, Javadoc) and what it writes. */
class SqeEmitterTest {
    private static final Class<?>[] READ_FULL = {int.class, MemorySegment.class, long.class, int.class};
    private static final Class<?>[] READ_SHORT = {int.class, MemorySegment.class};
    private static final byte JUNK = 0x5A;

    private static String sqeSource;
    private static Compiled code;

    private Arena arena;
    private MemorySegment slot;
    private Object sqe;

    @BeforeAll
    static void generate() {
        // NOP128 added here so the 128-byte check has an opcode to act on.
        var spec = TestSpecs.load(TestSpecs.with("opcodes/big.yaml", """
                opcodes:
                  - name: NOP128
                    value: 63
                    since: "6.18"
                    summary: Do nothing in a 128-byte entry.
                    res: zero
                    sqe_size: 128
                """));
        sqeSource = Sources.of(spec).get("io.uring4j.Sqe");
        code = Compiled.compile(Emitter.runtimeSources(spec));
    }

    @BeforeEach
    void slot() {
        arena = Arena.ofConfined();
        slot = arena.allocate(128, 8);
        slot.fill(JUNK); // a prep method must clear what a previous request left
        sqe = code.sqe(slot, 64);
    }

    @AfterEach
    void close() {
        arena.close();
    }

    private static ByteBuffer expected() {
        return ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    }

    private byte[] written() {
        return slot.asSlice(0, 64).toArray(ValueLayout.JAVA_BYTE);
    }

    private int flag(String family, String name) {
        return (int) code.constant("io.uring4j.kernel.flags." + family, name);
    }

    @Test
    void prepMethodHasTheSpecSignature() throws Exception {
        assertTrue(sqeSource.contains("public final Sqe read(int fd, MemorySegment buf, long offset, int rwFlags) {"),
                sqeSource);
        Method read = code.type("io.uring4j.Sqe").getMethod("read", READ_FULL);
        assertEquals(code.type("io.uring4j.Sqe"), read.getReturnType());
        assertTrue(java.lang.reflect.Modifier.isPublic(read.getModifiers()));
    }

    @Test
    void prepMethodJavadocHasSummarySinceDocAndParams() {
        String doc = javadocOf(sqeSource, "public final Sqe read(int fd, MemorySegment buf, long offset, int rwFlags)");
        List<String> lines = doc.lines().toList();
        assertEquals("Read from a file at an offset.", lines.get(0), doc);
        assertTrue(doc.contains("{@code IORING_OP_READ}, since Linux 5.6; see {@link Opcode#READ}."), doc);
        assertTrue(doc.contains("<p>Like pread(2)."), doc);
        assertTrue(doc.contains("a number of bytes transferred"), doc);
        assertTrue(doc.contains("CQE flags it may set: BUFFER."), doc);
        assertTrue(lines.contains("@param fd The file to read."), doc);
        assertTrue(doc.contains("@param buf Where the bytes go. A native segment; its address goes to {@code addr}"
                + " and its byte size to {@code len}."), doc);
        assertTrue(lines.contains("@param offset File offset; -1 for the current position. Default -1."), doc);
        assertTrue(doc.contains("Flags from {@link io.uring4j.kernel.flags.RwFlags}. Default 0."), doc);
        assertFalse(doc.contains("@param rwFlags rw_flags."), "no parameter doc that only repeats the name: " + doc);
        assertTrue(doc.contains("@return this entry"), doc);
    }

    @Test
    void variantJavadocNamesItsBaseAndConstants() {
        String doc = javadocOf(sqeSource, "public final Sqe acceptMultishot(int fd, int flags)");
        assertEquals("Accept connections until cancelled.", doc.lines().findFirst().orElseThrow());
        assertTrue(doc.contains("{@code IORING_OP_ACCEPT} (variant ACCEPT_MULTISHOT), since Linux 5.19"), doc);
        assertTrue(doc.contains("{@code ioprio |= AcceptFlags.MULTISHOT}"), doc);
    }

    @Test
    void shortOverloadDropsDefaultedParams() throws Exception {
        assertTrue(sqeSource.contains("public final Sqe read(int fd, MemorySegment buf) {"), sqeSource);
        String doc = javadocOf(sqeSource, "public final Sqe read(int fd, MemorySegment buf)");
        assertTrue(doc.startsWith("Same as {@link #read(int, MemorySegment, long, int)} with {@code offset = -1},"
                + " {@code rwFlags = 0}."), doc);
        assertTrue(doc.contains("@param fd The file to read."), doc);
        code.type("io.uring4j.Sqe").getMethod("read", READ_SHORT);
    }

    @Test
    void noShortOverloadWhenEveryParamIsRequired() {
        for (String name : List.of("nop", "acceptDirect")) {
            long count = Arrays.stream(code.type("io.uring4j.Sqe").getMethods())
                    .filter(m -> m.getName().equals(name)).count();
            assertEquals(1, count, name);
        }
    }

    @Test
    void readWritesEveryByteOfTheEntry() {
        MemorySegment buf = arena.allocate(4096);
        int dsync = flag("RwFlags", "DSYNC");
        Object same = Compiled.call(sqe, "read", READ_FULL, 7, buf, 1234L, dsync);
        assertTrue(same == sqe, "prep methods return this");
        Compiled.call(sqe, "flags", new Class<?>[] {int.class}, flag("SqeFlags", "IO_LINK"));
        Compiled.call(sqe, "userData", new Class<?>[] {long.class}, 42L);

        ByteBuffer want = expected();
        want.put(0, (byte) 22);                   // opcode IORING_OP_READ
        want.put(1, (byte) 4);                    // IOSQE_IO_LINK
        want.putInt(4, 7);                        // fd
        want.putLong(8, 1234L);                   // off
        want.putLong(16, buf.address());          // addr
        want.putInt(24, 4096);                    // len
        want.putInt(28, 2);                       // RWF_DSYNC
        want.putLong(32, 42L);                    // user_data
        assertArrayEquals(want.array(), written());
        assertEquals(JUNK, slot.get(ValueLayout.JAVA_BYTE, 64), "a 64-byte entry stays within its 64 bytes");
    }

    @Test
    void shortReadWritesTheDefaults() {
        MemorySegment buf = arena.allocate(16);
        Compiled.call(sqe, "read", READ_SHORT, 3, buf);
        ByteBuffer want = expected();
        want.put(0, (byte) 22);
        want.putInt(4, 3);
        want.putLong(8, -1L);
        want.putLong(16, buf.address());
        want.putInt(24, 16);
        assertArrayEquals(want.array(), written());
    }

    @Test
    void heapSegmentIsRejectedBeforeAnythingIsWritten() {
        MemorySegment heap = MemorySegment.ofArray(new byte[16]);
        var e = assertThrows(IllegalArgumentException.class, () -> Compiled.call(sqe, "read", READ_SHORT, 3, heap));
        assertTrue(e.getMessage().startsWith("buf "), e.getMessage());
        assertTrue(e.getMessage().contains("native"), e.getMessage());
        byte[] untouched = new byte[64];
        Arrays.fill(untouched, JUNK);
        assertArrayEquals(untouched, written());
    }

    @Test
    void segmentOfAClosedArenaIsRejected() {
        MemorySegment dead;
        try (Arena shortLived = Arena.ofConfined()) {
            dead = shortLived.allocate(16);
        }
        var e = assertThrows(IllegalArgumentException.class, () -> Compiled.call(sqe, "read", READ_SHORT, 3, dead));
        assertTrue(e.getMessage().startsWith("buf "), e.getMessage());
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void nullForARequiredSegmentIsRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Compiled.call(sqe, "read", READ_SHORT, 3, null));
        assertEquals("buf must not be null", e.getMessage());
    }

    @Test
    void twoByteFlagsAreRangeChecked() {
        Class<?>[] types = {int.class, int.class, int.class};
        var e = assertThrows(IllegalArgumentException.class, () -> Compiled.call(sqe, "accept", types, 3, 70000, 0));
        assertTrue(e.getMessage().startsWith("flags "), e.getMessage());
        assertTrue(e.getMessage().contains("16"), e.getMessage());
        Compiled.call(sqe, "accept", types, 3, 0xFFFF, 9);
        assertEquals((short) 0xFFFF, slot.get(ValueLayout.JAVA_SHORT_UNALIGNED, 2));
        assertEquals(9, slot.get(ValueLayout.JAVA_INT_UNALIGNED, 28));
    }

    @Test
    void variantOrsItsConstantIntoTheFlagsParam() {
        int dontWait = flag("AcceptFlags", "DONTWAIT");
        Compiled.call(sqe, "acceptMultishot", new Class<?>[] {int.class, int.class}, 5, dontWait);
        ByteBuffer want = expected();
        want.put(0, (byte) 13); // the base opcode's value
        want.putShort(2, (short) (flag("AcceptFlags", "MULTISHOT") | dontWait));
        want.putInt(4, 5);
        assertArrayEquals(want.array(), written());
        Compiled.call(fresh(), "acceptMultishot", new Class<?>[] {int.class}, 5);
        assertEquals(flag("AcceptFlags", "MULTISHOT"), slot.get(ValueLayout.JAVA_SHORT_UNALIGNED, 2));
    }

    @Test
    void fileSlotIsWrittenAsIndexPlusOneOrAllOnes() {
        Class<?>[] types = {int.class, int.class};
        Compiled.call(sqe, "acceptDirect", types, 3, 5);
        assertEquals(6, slot.get(ValueLayout.JAVA_INT_UNALIGNED, 44));
        Compiled.call(fresh(), "acceptDirect", types, 3, -1);
        assertEquals(-1, slot.get(ValueLayout.JAVA_INT_UNALIGNED, 44));
        var e = assertThrows(IllegalArgumentException.class, () -> Compiled.call(fresh(), "acceptDirect", types, 3, -2));
        assertTrue(e.getMessage().startsWith("slot "), e.getMessage());
    }

    @Test
    void cStringNeedsItsNulAndNullableStructWritesZero() {
        Class<?>[] types = {int.class, MemorySegment.class, MemorySegment.class};
        MemorySegment noNul = arena.allocate(4).fill((byte) 'a');
        var e = assertThrows(IllegalArgumentException.class,
                () -> Compiled.call(sqe, "unlinkat", types, 3, noNul, null));
        assertTrue(e.getMessage().startsWith("path "), e.getMessage());

        MemorySegment path = arena.allocateFrom("dir/file");
        Compiled.call(sqe, "unlinkat", new Class<?>[] {int.class, MemorySegment.class}, -100, path);
        assertEquals(path.address(), slot.get(ValueLayout.JAVA_LONG_UNALIGNED, 16));
        assertEquals(0L, slot.get(ValueLayout.JAVA_LONG_UNALIGNED, 48), "null timeout");

        MemorySegment small = arena.allocate(8);
        var tooSmall = assertThrows(IllegalArgumentException.class,
                () -> Compiled.call(sqe, "unlinkat", types, 3, path, small));
        assertTrue(tooSmall.getMessage().startsWith("timeout "), tooSmall.getMessage());
        MemorySegment ts = arena.allocate(16);
        Compiled.call(fresh(), "unlinkat", types, 3, path, ts);
        assertEquals(ts.address(), slot.get(ValueLayout.JAVA_LONG_UNALIGNED, 48));
    }

    /** A new view of the slot: one view takes one prep method (a second is refused). */
    private Object fresh() {
        sqe = code.sqe(slot, 64);
        return sqe;
    }

    @Test
    void secondPrepOnOneViewIsRefused() {
        Compiled.call(sqe, "nop", new Class<?>[0]);
        var e = assertThrows(IllegalStateException.class, () -> Compiled.call(sqe, "nop", new Class<?>[0]));
        assertTrue(e.getMessage().contains("already holds a request"), e.getMessage());
    }

    @Test
    void bigOpcodeNeedsABigEntry() {
        var e = assertThrows(IllegalStateException.class, () -> Compiled.call(sqe, "nop128", new Class<?>[0]));
        assertTrue(e.getMessage().contains("NOP128"), e.getMessage());
        Object big = code.sqe(slot, 128);
        Compiled.call(big, "nop128", new Class<?>[0]);
        byte[] want = new byte[128];
        want[0] = 63;
        assertArrayEquals(want, slot.toArray(ValueLayout.JAVA_BYTE), "a 128-byte prep clears all 128 bytes");
    }
}
