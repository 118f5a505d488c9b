package io.uring4j;

import io.uring4j.kernel.Opcode;
import io.uring4j.kernel.flags.QueryOp;
import io.uring4j.kernel.structs.IoUringQueryHdr;
import io.uring4j.kernel.structs.IoUringQueryOpcode;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * What the running kernel offers, from {@code IORING_REGISTER_QUERY} (Linux 6.18): how many
 * request and register opcodes it knows, and which setup, enter, feature and SQE flags it
 * accepts. On an older kernel the answer comes from the {@link Probe} and the ring's features
 * instead, and the flag masks are unknown ({@link #fromQuery()} is false). An immutable snapshot.
 *
 * @param fromQuery         true when the kernel answered IORING_REGISTER_QUERY
 * @param requestOpcodes    number of IORING_OP_* values the kernel knows (IORING_OP_LAST)
 * @param registerOpcodes   number of io_uring_register(2) opcodes, or 0 when unknown
 * @param featureFlags      IORING_FEAT_* the kernel has
 * @param setupFlags        IORING_SETUP_* the kernel accepts, or 0 when unknown
 * @param enterFlags        IORING_ENTER_* the kernel accepts, or 0 when unknown
 * @param sqeFlags          IOSQE_* the kernel accepts, or 0 when unknown
 * @param queryOpcodes      number of query types (6.19 writes it; 0 from 6.18 or when unknown)
 */
public record Query(boolean fromQuery, int requestOpcodes, int registerOpcodes, long featureFlags,
                    long setupFlags, long enterFlags, long sqeFlags, int queryOpcodes) {

    /**
     * Asks the running kernel, through a small throw-away ring.
     *
     * @return what the kernel says it supports
     */
    public static Query kernel() {
        try (Ring ring = Ring.open(RingOptions.builder().entries(1).build())) {
            return read(ring);
        }
    }

    /**
     * Asks the kernel through {@code ring}; falls back to its probe where the query is unknown
     * (EINVAL before 6.18). {@link QueryZcrx} and {@link QueryScq} ask the other query types.
     *
     * @param ring an open ring, called from its owner thread
     * @return what the kernel says it supports
     */
    public static Query read(Ring ring) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment answer = arena.allocate(IoUringQueryOpcode.LAYOUT);
            if (QueryCall.ask(ring, QueryOp.OPCODES, arena.allocate(IoUringQueryHdr.LAYOUT), answer) < 0) {
                return fromProbe(ring);
            }
            return new Query(true,
                    IoUringQueryOpcode.nrRequestOpcodes(answer, 0),
                    IoUringQueryOpcode.nrRegisterOpcodes(answer, 0),
                    IoUringQueryOpcode.featureFlags(answer, 0),
                    IoUringQueryOpcode.ringSetupFlags(answer, 0),
                    IoUringQueryOpcode.enterFlags(answer, 0),
                    IoUringQueryOpcode.sqeFlags(answer, 0),
                    IoUringQueryOpcode.nrQueryOpcodes(answer, 0));
        }
    }

    /** What the probe and the ring tell without the query (kernels before 6.18). */
    static Query fromProbe(Ring ring) {
        Probe probe = ring.probe();
        return new Query(false, probe.lastOp() + 1, 0, Integer.toUnsignedLong(ring.features()), 0, 0, 0, 0);
    }

    /**
     * Whether the kernel knows an opcode.
     *
     * @param opcode the opcode
     * @return true when its value is below the kernel's opcode count
     */
    public boolean knows(Opcode opcode) {
        return opcode.value() < requestOpcodes;
    }

    /**
     * Whether the kernel accepts every bit of {@code flags} in io_uring_params.flags.
     *
     * @param flags the bits to test
     * @return true when all are accepted; false when unknown (no query answer)
     */
    public boolean acceptsSetup(long flags) {
        return fromQuery && (setupFlags & flags) == flags;
    }

    /**
     * Whether the kernel accepts every bit of {@code flags} in io_uring_enter(2).
     *
     * @param flags the bits to test
     * @return true when all are accepted; false when unknown (no query answer)
     */
    public boolean acceptsEnter(long flags) {
        return fromQuery && (enterFlags & flags) == flags;
    }

    /**
     * Whether the kernel accepts every IOSQE_* bit of {@code flags}.
     *
     * @param flags the bits to test
     * @return true when all are accepted; false when unknown (no query answer)
     */
    public boolean acceptsSqeFlags(long flags) {
        return fromQuery && (sqeFlags & flags) == flags;
    }
}
