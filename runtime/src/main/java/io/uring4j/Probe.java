package io.uring4j;

import io.uring4j.internal.RegisterCall;
import io.uring4j.kernel.Opcode;
import io.uring4j.kernel.flags.ProbeOpFlags;
import io.uring4j.kernel.flags.RegisterOp;
import io.uring4j.kernel.structs.IoUringProbe;
import io.uring4j.kernel.structs.IoUringProbeOp;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.BitSet;

/**
 * Which opcodes the running kernel supports, from {@code IORING_REGISTER_PROBE}. An immutable
 * snapshot; get one from {@link Ring#probe()} or {@link #kernel()}.
 */
public final class Probe {
    /** Slots asked for: every value an opcode byte can take (the kernel fills those it knows). */
    private static final int SLOTS = 1 << Byte.SIZE;

    private final int lastOp;
    private final BitSet supported;

    private Probe(int lastOp, BitSet supported) {
        this.lastOp = lastOp;
        this.supported = supported;
    }

    static Probe read(RegisterCall call) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment probe = arena.allocate(IoUringProbe.SIZE + SLOTS * IoUringProbeOp.SIZE, Long.BYTES);
            call.run(RegisterOp.REGISTER_PROBE, probe, SLOTS);
            int lastOp = IoUringProbe.lastOp(probe, 0);
            int len = IoUringProbe.opsLen(probe, 0);
            BitSet supported = new BitSet(SLOTS);
            for (int i = 0; i < len; i++) {
                long base = IoUringProbe.OFF_OPS + (long) i * IoUringProbeOp.SIZE;
                if ((IoUringProbeOp.flags(probe, base) & ProbeOpFlags.SUPPORTED) != 0) {
                    supported.set(IoUringProbeOp.op(probe, base));
                }
            }
            return new Probe(lastOp, supported);
        }
    }

    /** {@return the probe of the running kernel, made with a small throw-away ring} */
    public static Probe kernel() {
        try (Ring ring = Ring.open(RingOptions.builder().entries(1).build())) {
            return ring.probe();
        }
    }

    /** {@return the highest opcode value the kernel knows} */
    public int lastOp() {
        return lastOp;
    }

    /**
     * {@return true when the kernel supports {@code opcode}}
     *
     * @param opcode the opcode to look up
     */
    public boolean supports(Opcode opcode) {
        return supports(opcode.value());
    }

    /**
     * {@return true when the kernel supports the opcode with this value}
     *
     * @param opcodeValue an {@code IORING_OP_*} value
     */
    public boolean supports(int opcodeValue) {
        return opcodeValue >= 0 && opcodeValue < SLOTS && supported.get(opcodeValue);
    }

    /** {@return how many opcodes the kernel supports} */
    public int supportedCount() {
        return supported.cardinality();
    }

    @Override
    public String toString() {
        return "Probe[lastOp=" + lastOp + ", supported=" + supported.cardinality() + "]";
    }
}
