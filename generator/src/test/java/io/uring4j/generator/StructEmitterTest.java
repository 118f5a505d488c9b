package io.uring4j.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** The generated struct class of the small test spec: size, layout, offsets and accessors. */
class StructEmitterTest {
    private static final String TIMESPEC = "io.uring4j.kernel.structs.KernelTimespec";

    private final Compiled code = Compiled.baseSpec();

    @Test
    void sizeLayoutAndOffsets() {
        assertEquals(16L, code.constant(TIMESPEC, "SIZE"));
        assertEquals(16L, ((MemoryLayout) code.constant(TIMESPEC, "LAYOUT")).byteSize());
        assertEquals(0L, code.constant(TIMESPEC, "OFF_TV_SEC"));
        assertEquals(8L, code.constant(TIMESPEC, "OFF_TV_NSEC"));
    }

    @Test
    void accessorsWorkAtABaseOffset() {
        Class<?> t = code.type(TIMESPEC);
        Class<?>[] get = {MemorySegment.class, long.class};
        Class<?>[] set = {MemorySegment.class, long.class, long.class};
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment two = arena.allocate(32, 8);
            Compiled.call(t, "tvSec", set, two, 16L, 3L);
            Compiled.call(t, "tvNsec", set, two, 16L, -5L);
            assertEquals(3L, two.get(ValueLayout.JAVA_LONG, 16));
            assertEquals(-5L, two.get(ValueLayout.JAVA_LONG, 24));
            assertEquals(0L, two.get(ValueLayout.JAVA_LONG, 0), "the first struct is untouched");
            assertEquals(3L, Compiled.call(t, "tvSec", get, two, 16L));
            assertEquals(-5L, Compiled.call(t, "tvNsec", get, two, 16L));
        }
    }
}
