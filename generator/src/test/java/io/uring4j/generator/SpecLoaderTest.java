package io.uring4j.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.generator.model.Opcode;
import io.uring4j.generator.model.Param;
import io.uring4j.generator.model.Spec;
import org.junit.jupiter.api.Test;

/** What the loader makes of valid input: numbers, defaults, inheritance of variants. */
class SpecLoaderTest {
    private static Spec withExtra(String yaml) {
        return TestSpecs.load(TestSpecs.with("opcodes/extra.yaml", yaml));
    }

    private static Param param(Spec spec, String opcode, String param) {
        Opcode o = spec.opcode(opcode).orElseThrow();
        return o.params().stream().filter(p -> p.name().equals(param)).findFirst().orElseThrow();
    }

    @Test
    void nestedStructsAlignToTheirMembersAndPackedStructsNeedNoAlignment() {
        Spec spec = TestSpecs.load(TestSpecs.with("structs.yaml", TestSpecs.STRUCTS + """
                  - name: pair32
                    size: 8
                    fields:
                      - {name: a, offset: 0, type: u32}
                      - {name: b, offset: 4, type: u32}
                  - name: holder
                    size: 12
                    fields:
                      - {name: tag, offset: 0, type: u32}
                      - {name: pair, offset: 4, type: struct, struct: pair32}
                  - name: packed_event
                    size: 12
                    packed: true
                    fields:
                      - {name: events, offset: 0, type: u32}
                      - {name: data, offset: 4, type: u64}
                """));
        assertTrue(spec.struct("holder").isPresent(), "a 4-aligned nested struct may sit at offset 4");
        assertTrue(spec.struct("packed_event").orElseThrow().packed());
    }

    @Test
    void numbersMayBeHexNegativeOrGrouped() {
        Spec spec = withExtra("""
                opcodes:
                  - name: FROB
                    value: 0x64
                    since: "6.1"
                    summary: Frob.
                    res: zero
                    set:
                      - {field: rw_flags, value: 0x80000000}
                      - {field: "off", value: -2}
                      - {field: len, value: 1_000}
                """);
        Opcode frob = spec.opcode("FROB").orElseThrow();
        assertEquals(100, frob.value());
        assertEquals(0x80000000L, frob.set().get(0).resolved());
        assertEquals(-2L, frob.set().get(1).resolved());
        assertEquals(1000L, frob.set().get(2).resolved());
    }

    @Test
    void familyReferencesAreResolvedAndOred() {
        Spec spec = withExtra("""
                opcodes:
                  - name: FROB
                    value: 100
                    since: "6.1"
                    summary: Frob.
                    res: zero
                    set:
                      - {field: ioprio, value: AcceptFlags.MULTISHOT | AcceptFlags.DONTWAIT}
                """);
        assertEquals(3L, spec.opcode("FROB").orElseThrow().set().get(0).resolved());
    }

    @Test
    void unquotedNullDefaultMakesASegmentOptional() {
        // README: a nullable segment may default to null; in YAML that is the plain word null.
        Spec spec = withExtra("""
                opcodes:
                  - name: FROB
                    value: 100
                    since: "6.1"
                    summary: Frob.
                    res: zero
                    params:
                      - {name: fd, type: fd, field: fd}
                      - {name: ts, type: struct, struct: kernel_timespec, field: addr3, nullable: true, default: null}
                """);
        Param ts = param(spec, "FROB", "ts");
        assertFalse(ts.required());
        assertEquals("null", ts.defaultValue());
    }

    @Test
    void paramWithoutDefaultIsRequired() {
        Spec spec = TestSpecs.load(TestSpecs.base());
        assertTrue(param(spec, "READ", "buf").required());
        assertNull(param(spec, "READ", "buf").defaultValue());
        assertEquals("-1", param(spec, "READ", "offset").defaultValue());
    }

    @Test
    void variantInheritsValueSinceAndResult() {
        Spec spec = TestSpecs.load(TestSpecs.base());
        Opcode direct = spec.opcode("ACCEPT_DIRECT").orElseThrow();
        assertEquals(13, direct.value());
        assertEquals("5.5", direct.since());
        assertEquals("fd", direct.res().yaml());
        assertEquals("ACCEPT", direct.baseName());
        Opcode multishot = spec.opcode("ACCEPT_MULTISHOT").orElseThrow();
        assertEquals("5.19", multishot.since(), "a variant may give its own since");
    }

    @Test
    void baseOpcodesAreInValueOrderWhateverTheFileOrder() {
        // The base spec lists READ (22) before ACCEPT (13).
        Spec spec = TestSpecs.load(TestSpecs.base());
        assertEquals(java.util.List.of("NOP", "ACCEPT", "READ", "UNLINKAT"),
                spec.baseOpcodes().stream().map(Opcode::name).toList());
    }

    @Test
    void filesAreReadInPathOrderWhateverTheMapOrder() {
        var forward = TestSpecs.base();
        var backward = new java.util.LinkedHashMap<String, String>();
        new java.util.ArrayDeque<>(forward.keySet()).descendingIterator()
                .forEachRemaining(k -> backward.put(k, forward.get(k)));
        assertEquals(TestSpecs.load(forward).families().stream().map(f -> f.name()).toList(),
                TestSpecs.load(backward).families().stream().map(f -> f.name()).toList());
        assertEquals(TestSpecs.load(forward).opcodes().stream().map(Opcode::name).toList(),
                TestSpecs.load(backward).opcodes().stream().map(Opcode::name).toList());
    }
}
