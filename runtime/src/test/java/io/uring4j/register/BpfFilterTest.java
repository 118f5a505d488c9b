package io.uring4j.register;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.uring4j.Ring;
import io.uring4j.KernelVersion;
import io.uring4j.UringException;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.Opcode;
import io.uring4j.kernel.flags.BpfCmd;
import io.uring4j.kernel.flags.BpfFilterFlags;
import io.uring4j.kernel.structs.IoUringBpf;
import io.uring4j.kernel.structs.IoUringBpfFilter;
import io.uring4j.kernel.structs.SockFilter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** BPF filter registration: its encoding always, the kernel's answer on the running kernel. */
class BpfFilterTest {
    /** A one-instruction program ("return 1"): the classic-BPF RET|K opcode is 0x06. */
    private static MemorySegment returnOne(Arena arena) {
        MemorySegment p = arena.allocate(SockFilter.LAYOUT);
        SockFilter.code(p, 0, 0x06);
        SockFilter.k(p, 0, 1);
        return p;
    }

    @Test
    void encodesTheRegistrationAndCopiesTheProgram() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment program = arena.allocate(SockFilter.LAYOUT, 2);
            for (int i = 0; i < 2; i++) {
                SockFilter.code(program, i * SockFilter.SIZE, 0x15 + i);
                SockFilter.k(program, i * SockFilter.SIZE, 100 + i);
            }
            BpfFilter filter = BpfFilter.of(Opcode.OPENAT, program, true);
            byte[] expected = program.toArray(ValueLayout.JAVA_BYTE);
            program.fill((byte) 0); // the filter holds its own copy
            MemorySegment arg = filter.encode(arena);
            assertEquals(IoUringBpf.SIZE, arg.byteSize());
            assertEquals(BpfCmd.FILTER, IoUringBpf.cmdType(arg, 0));
            long f = IoUringBpf.OFF_FILTER;
            assertEquals(Opcode.OPENAT.value(), IoUringBpfFilter.opcode(arg, f));
            assertEquals(BpfFilterFlags.DENY_REST, IoUringBpfFilter.flags(arg, f));
            assertEquals(2, IoUringBpfFilter.filterLen(arg, f));
            MemorySegment code = MemorySegment.ofAddress(IoUringBpfFilter.filterPtr(arg, f)).reinterpret(expected.length);
            assertArrayEquals(expected, code.toArray(ValueLayout.JAVA_BYTE));
            assertEquals(0, BpfFilter.of(Opcode.NOP, returnOne(arena), false).encode(arena)
                    .get(ValueLayout.JAVA_INT_UNALIGNED, f + IoUringBpfFilter.OFF_FLAGS));
        }
    }

    @Test
    void aProgramOfPartialInstructionsIsRefused() {
        try (Arena arena = Arena.ofConfined()) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> BpfFilter.of(Opcode.NOP, arena.allocate(SockFilter.SIZE + 3), false));
            assertTrue(e.getMessage().startsWith("program must hold a whole number of sock_filter instructions"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> BpfFilter.of(Opcode.NOP, arena.allocate(0), false));
        }
    }

    @Test
    void aKernelWithoutBpfFiltersRefusesTheRegistration() {
        KernelVersion k = KernelVersion.current();
        assumeFalse(k.atLeast("7.0"), "the kernel " + k.release() + " has BPF filters (Linux 7.0)");
        try (Ring ring = Ring.open(8); Arena arena = Arena.ofConfined()) {
            var e = assertThrows(UringException.class, () -> BpfFilter.of(Opcode.NOP, returnOne(arena), false).applyTo(ring));
            assertEquals(Errno.EINVAL, e.errno());
        }
    }

    @Test
    void aKernelWithBpfFiltersAcceptsTheRegistration() {
        KernelVersion k = KernelVersion.current();
        assumeTrue(k.atLeast("7.0"), "IORING_REGISTER_BPF_FILTER needs Linux 7.0; the running kernel is " + k.release());
        try (Ring ring = Ring.open(8); Arena arena = Arena.ofConfined()) {
            // Only the registration is checked: what a program's result means is the kernel's to define.
            BpfFilter.of(Opcode.NOP, returnOne(arena), false).applyTo(ring);
        }
    }
}
