package io.uring4j.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** The generated Cqe of the small test spec reads the fields and flags the layout describes. */
class CqeEmitterTest {
    private static final Class<?>[] NONE = new Class<?>[0];

    private final Compiled code = Compiled.baseSpec();

    private static MemorySegment cqe(Arena arena, long userData, int res, int flags) {
        MemorySegment m = arena.allocate(32, 8);
        m.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, userData);
        m.set(ValueLayout.JAVA_INT_UNALIGNED, 8, res);
        m.set(ValueLayout.JAVA_INT_UNALIGNED, 12, flags);
        m.set(ValueLayout.JAVA_LONG_UNALIGNED, 16, 77L);
        return m;
    }

    @Test
    void readsFieldsFlagsAndBufferId() {
        try (Arena arena = Arena.ofConfined()) {
            Object c = code.cqe(cqe(arena, 0xCAFEL, 4096, (5 << 16) | 0b11), 16);
            assertEquals(0xCAFEL, Compiled.call(c, "userData", NONE));
            assertEquals(4096, Compiled.call(c, "res", NONE));
            assertEquals(true, Compiled.call(c, "isBuffer", NONE));
            assertEquals(true, Compiled.call(c, "isMore", NONE));
            assertEquals(5, Compiled.call(c, "bufferId", NONE));
            assertEquals(false, Compiled.call(c, "isError", NONE));
            assertNull(Compiled.call(c, "errno", NONE));
        }
    }

    @Test
    void negativeResultIsAnErrno() {
        try (Arena arena = Arena.ofConfined()) {
            Object c = code.cqe(cqe(arena, 1, -11, 0), 16);
            assertEquals(true, Compiled.call(c, "isError", NONE));
            Object errno = Compiled.call(c, "errno", NONE);
            assertEquals("EAGAIN", ((Enum<?>) errno).name());
            assertFalse((boolean) Compiled.call(c, "isMore", NONE));
            Object unknown = code.cqe(cqe(arena, 1, -999, 0), 16);
            assertNull(Compiled.call(unknown, "errno", NONE), "not in the spec");
        }
    }

    @Test
    void bigWordsOnlyInABigEntry() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = cqe(arena, 1, 0, 0);
            Class<?>[] index = {int.class};
            assertThrows(IllegalStateException.class, () -> Compiled.call(code.cqe(m, 16), "bigCqe", index, 0));
            Object big = code.cqe(m, 32);
            assertEquals(77L, Compiled.call(big, "bigCqe", index, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> Compiled.call(big, "bigCqe", index, 2));
        }
    }

    @Test
    void errnoEnumMapsValues() {
        Class<?> errno = code.type("io.uring4j.kernel.Errno");
        Object eperm = Compiled.call(errno, "of", new Class<?>[] {int.class}, 1);
        assertEquals("EPERM", ((Enum<?>) eperm).name());
        assertEquals("E999", Compiled.call(errno, "nameOf", new Class<?>[] {int.class}, 999));
        assertTrue(((String) Compiled.call(eperm, "description", NONE)).contains("not permitted"));
    }
}
