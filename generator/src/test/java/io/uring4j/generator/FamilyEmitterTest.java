package io.uring4j.generator;

import static io.uring4j.generator.Sources.javadocOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The generated flag-family classes of the small test spec: constants, their docs and describe(). */
class FamilyEmitterTest {
    private static final String PKG = "io.uring4j.kernel.flags.";

    private final Compiled code = Compiled.baseSpec();
    private final Map<String, String> sources = Sources.of(TestSpecs.load(TestSpecs.base()));

    private String describe(String family, int value) {
        return (String) Compiled.call(code.type(PKG + family), "describe", new Class<?>[] {int.class}, value);
    }

    private String describeLong(String family, long value) {
        return (String) Compiled.call(code.type(PKG + family), "describe", new Class<?>[] {long.class}, value);
    }

    @Test
    void bitConstantsHaveTheirValues() {
        assertEquals(1, code.constant(PKG + "SqeFlags", "FIXED_FILE"));
        assertEquals(2, code.constant(PKG + "SqeFlags", "IO_DRAIN"));
        assertEquals(4, code.constant(PKG + "SqeFlags", "IO_LINK"));
        assertEquals(16, code.constant(PKG + "CqeFlags", "BUFFER_SHIFT"), "constants are emitted too");
        assertEquals(1, code.constant(PKG + "MsgCommand", "SEND_FD"));
    }

    @Test
    void sixtyFourBitFamilyUsesLongs() {
        assertEquals(1L, code.constant(PKG + "WideFlags", "LOW"));
        assertEquals(Long.MIN_VALUE, code.constant(PKG + "WideFlags", "TOP"));
        assertEquals("LOW|TOP", describeLong("WideFlags", Long.MIN_VALUE | 1));
    }

    @Test
    void aConstantWiderThanItsFamilyIsALong() {
        // RwFlags is 32 bits wide; a related mask of a 64-bit value must not be cut to an int.
        assertEquals(0xffff000000000000L, code.constant(PKG + "RwFlags", "WIDE_MASK"));
        assertEquals(1, code.constant(PKG + "RwFlags", "HIPRI"), "the members stay ints");
    }

    @Test
    void describeNamesTheSetBits() {
        assertEquals("FIXED_FILE|IO_LINK", describe("SqeFlags", 0x5));
        assertEquals("IO_DRAIN", describe("SqeFlags", 0x2));
        assertEquals("0", describe("SqeFlags", 0));
        assertEquals("FIXED_FILE|0x18", describe("SqeFlags", 0x19), "unknown bits in hex");
        assertEquals("0x80000000", describe("RwFlags", 0x80000000));
    }

    @Test
    void describeOfAnEnumNamesTheValue() {
        assertEquals("DATA", describe("MsgCommand", 0));
        assertEquals("SEND_FD", describe("MsgCommand", 1));
        assertEquals("0x7", describe("MsgCommand", 7));
    }

    @Test
    void classAndConstantJavadoc() {
        String source = sources.get(PKG + "SqeFlags");
        String classDoc = javadocOf(source, "public final class SqeFlags");
        assertTrue(classDoc.startsWith("Per-request flags."), classDoc);
        assertTrue(classDoc.contains("{@code IOSQE_*}"), classDoc);
        assertTrue(classDoc.contains("8 bits wide"), classDoc);
        String linkDoc = javadocOf(source, "public static final int IO_LINK = 4;");
        assertEquals("{@code IOSQE_IO_LINK}: Link the next request.\n<p>Since Linux 5.3.", linkDoc);
    }
}
