package io.uring4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.KernelVersion;
import io.uring4j.kernel.Opcode;
import io.uring4j.kernel.flags.RegisterOp;
import io.uring4j.kernel.flags.RwFlags;
import io.uring4j.kernel.flags.SocketUringOp;
import io.uring4j.kernel.flags.SetupFlags;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class NewerThanKernelTest {
    private static boolean listed(List<String> lines, String kind, String name, String since) {
        return lines.stream().anyMatch(l -> l.matches("\\s+" + kind + "\\s+" + name + "\\s+needs " + since.replace(".", "\\.")));
    }

    @Test
    void aKernelOlderThanTheSpecGetsEveryNewerItemWithItsVersion() {
        List<String> lines = NewerThanKernel.lines(KernelVersion.parse("6.18.0"));
        assertTrue(listed(lines, "opcode", "NOP128", Opcode.NOP128.since()), lines.toString());
        assertTrue(listed(lines, "setup", "SQE_MIXED", SetupFlags.since(SetupFlags.SQE_MIXED)), lines.toString());
        assertTrue(listed(lines, "setup", "SQ_REWIND", SetupFlags.since(SetupFlags.SQ_REWIND)), lines.toString());
        assertTrue(listed(lines, "register", "REGISTER_BPF_FILTER", RegisterOp.since(RegisterOp.REGISTER_BPF_FILTER)),
                lines.toString());
        assertTrue(listed(lines, "sock-cmd", "GETSOCKNAME", SocketUringOp.since(SocketUringOp.GETSOCKNAME)),
                lines.toString());
        assertTrue(listed(lines, "rw-flag", "NOSIGNAL", RwFlags.since(RwFlags.NOSIGNAL)), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.contains(" READ ") || l.contains(" CQE_MIXED ")),
                "6.18 items are not newer than 6.18: " + lines);
        long opcodes = java.util.Arrays.stream(Opcode.values()).filter(o -> !KernelVersion.parse("6.18.0").atLeast(o.since())).count();
        assertEquals(opcodes, lines.stream().filter(l -> l.startsWith("  opcode ")).count());
    }

    @Test
    void aKernelAsNewAsTheSpecGetsNone() {
        assertEquals(List.of(), NewerThanKernel.lines(KernelVersion.parse("99.0.0")));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        NewerThanKernel.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), KernelVersion.parse("99.0.0"));
        assertEquals("newer    nothing in the spec is newer than this kernel\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void probeOutputHasTheSection() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertEquals(0, Cli.probe(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        String text = bytes.toString(StandardCharsets.UTF_8);
        List<String> expected = NewerThanKernel.lines(KernelVersion.current());
        assertTrue(text.contains("newer    "), text);
        expected.forEach(l -> assertTrue(text.contains(l + "\n"), l));
    }
}
