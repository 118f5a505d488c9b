package io.uring4j.register;

import io.uring4j.Ring;
import io.uring4j.UringException;
import io.uring4j.internal.RegisterCall;
import io.uring4j.kernel.Opcode;
import io.uring4j.kernel.flags.BpfCmd;
import io.uring4j.kernel.flags.BpfFilterFlags;
import io.uring4j.kernel.flags.RegisterOp;
import io.uring4j.kernel.structs.IoUringBpf;
import io.uring4j.kernel.structs.IoUringBpfFilter;
import io.uring4j.kernel.structs.SockFilter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A classic-BPF filter on one opcode ({@code IORING_REGISTER_BPF_FILTER}, Linux 7.0), the
 * programmable sibling of {@link Restrictions}: the kernel runs the program on each request of
 * that opcode, with an {@code io_uring_bpf_ctx} ({@link io.uring4j.kernel.structs.IoUringBpfCtx})
 * as its data, and the program's result decides whether the request may run. The program is
 * copied when the filter is made and again by the kernel at registration, so no memory stays
 * referenced. Kernels before 7.0 refuse the registration with EINVAL.
 */
public final class BpfFilter {
    private final int opcode;
    private final boolean denyRest;
    private final byte[] program;

    private BpfFilter(int opcode, boolean denyRest, byte[] program) {
        this.opcode = opcode;
        this.denyRest = denyRest;
        this.program = program;
    }

    /**
     * A filter on {@code opcode}.
     *
     * @param program  the instructions: an array of {@code struct sock_filter}
     *                 ({@link SockFilter}), a whole number of them, at least one
     * @param denyRest also deny every opcode that has no filter of its own
     *                 ({@link BpfFilterFlags#DENY_REST})
     * @param opcode   the opcode the program filters
     * @return the filter, not yet registered
     */
    public static BpfFilter of(Opcode opcode, MemorySegment program, boolean denyRest) {
        if (opcode == null) {
            throw new IllegalArgumentException("opcode must not be null");
        }
        if (program == null || program.byteSize() == 0 || program.byteSize() % SockFilter.SIZE != 0) {
            throw new IllegalArgumentException("program must hold a whole number of sock_filter instructions ("
                    + SockFilter.SIZE + " bytes each), at least one; it has "
                    + (program == null ? "none" : program.byteSize() + " bytes"));
        }
        return new BpfFilter(opcode.value(), denyRest, program.toArray(ValueLayout.JAVA_BYTE));
    }

    /**
     * The size of the program.
     *
     * @return the number of instructions
     */
    public int instructions() {
        return (int) (program.length / SockFilter.SIZE);
    }

    /**
     * Registers the filter on {@code ring}.
     *
     * @param ring an open ring, called from its owner thread
     * @throws UringException EINVAL on a kernel without BPF filters (before 7.0) or for a program
     *                        the kernel's checker refuses
     */
    public void applyTo(Ring ring) {
        RegisterCall call = RegisterCall.on(ring);
        try (Arena arena = Arena.ofConfined()) {
            call.run(RegisterOp.REGISTER_BPF_FILTER, encode(arena), 1);
        }
    }

    /** The io_uring_bpf argument, with the program copied into {@code arena} next to it. */
    MemorySegment encode(Arena arena) {
        MemorySegment code = arena.allocate(program.length, SockFilter.LAYOUT.byteAlignment());
        MemorySegment.copy(program, 0, code, ValueLayout.JAVA_BYTE, 0, program.length);
        MemorySegment arg = arena.allocate(IoUringBpf.LAYOUT);
        IoUringBpf.cmdType(arg, 0, BpfCmd.FILTER);
        long f = IoUringBpf.OFF_FILTER;
        IoUringBpfFilter.opcode(arg, f, opcode);
        IoUringBpfFilter.flags(arg, f, denyRest ? BpfFilterFlags.DENY_REST : 0);
        IoUringBpfFilter.filterLen(arg, f, instructions());
        IoUringBpfFilter.filterPtr(arg, f, code.address());
        return arg;
    }
}
