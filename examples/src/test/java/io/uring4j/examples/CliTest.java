package io.uring4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.KernelVersion;
import io.uring4j.Probe;
import io.uring4j.kernel.Opcode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CliTest {
    @Test
    void probeListsEveryOpcodeAndTheTotal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertEquals(0, Cli.probe(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        List<String> lines = Arrays.asList(bytes.toString(StandardCharsets.UTF_8).split("\n"));
        assertEquals("kernel   " + KernelVersion.current().release(), lines.get(0));
        assertTrue(lines.get(2).startsWith("features ") && lines.get(2).contains("SINGLE_MMAP"), lines.get(2));
        Probe probe = Probe.kernel();
        long supported = Arrays.stream(Opcode.values()).filter(probe::supports).count();
        for (Opcode op : Opcode.values()) {
            String row = lines.stream().filter(l -> l.startsWith(op.name() + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no row for " + op));
            assertTrue(row.contains(" " + op.since() + " "), row);
            assertTrue(row.endsWith(probe.supports(op) ? "yes" : ")"), row);
        }
        assertEquals(supported + " of " + Opcode.values().length + " opcodes supported", lines.get(lines.size() - 1));
    }
}
