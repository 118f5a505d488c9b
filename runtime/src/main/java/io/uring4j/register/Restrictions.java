package io.uring4j.register;

import io.uring4j.Ring;
import io.uring4j.RingOptions;
import io.uring4j.UringException;
import io.uring4j.internal.Checks;
import io.uring4j.internal.RegisterCall;
import io.uring4j.kernel.Opcode;
import io.uring4j.kernel.flags.RegisterOp;
import io.uring4j.kernel.flags.RestrictionOp;
import io.uring4j.kernel.flags.SetupFlags;
import io.uring4j.kernel.structs.IoUringRestriction;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * An allow-list for a ring ({@code REGISTER_RESTRICTIONS}): once the ring is enabled, only the
 * listed SQE opcodes and io_uring_register opcodes are accepted, SQEs may carry only the allowed
 * flags and must carry the required ones. A refused SQE completes with EACCES; a refused register
 * call fails with EACCES. Restrictions can be applied once, to a ring opened disabled
 * ({@link RingOptions.Builder#disabled()}) and not yet enabled, and cannot be lifted.
 *
 * <pre>{@code
 * try (Ring ring = Ring.open(RingOptions.builder().disabled().build())) {
 *     Restrictions.builder().allowOp(Opcode.READ).allowOp(Opcode.WRITE).build().applyTo(ring);
 *     ring.enable();   // from now on, a NOP completes with -EACCES
 * }
 * }</pre>
 */
public final class Restrictions {
    private final int[] kinds;
    private final int[] args;

    private Restrictions(Builder b) {
        this.kinds = b.kinds.stream().mapToInt(Integer::intValue).toArray();
        this.args = b.args.stream().mapToInt(Integer::intValue).toArray();
    }

    /** {@return an empty builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the number of entries handed to the kernel} */
    public int size() {
        return kinds.length;
    }

    /**
     * Registers the restrictions on {@code ring}; they take effect at {@link Ring#enable()}.
     *
     * @param ring the ring; the calling thread must be allowed to submit or register on it
     * @throws IllegalStateException when the ring was not opened disabled, or is enabled already
     * @throws UringException        EBUSY when restrictions were applied before
     */
    public void applyTo(Ring ring) {
        RegisterCall call = RegisterCall.on(ring);
        if ((ring.setupFlags() & SetupFlags.R_DISABLED) == 0) {
            throw new IllegalStateException("restrictions need a ring opened disabled"
                    + " (RingOptions.builder().disabled()), then enabled with Ring.enable()");
        }
        if (ring.isEnabled()) {
            throw new IllegalStateException("restrictions must be applied before Ring.enable(); this ring is enabled");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment entries = arena.allocate(IoUringRestriction.LAYOUT, kinds.length);
            for (int i = 0; i < kinds.length; i++) {
                long base = i * IoUringRestriction.SIZE;
                IoUringRestriction.opcode(entries, base, kinds[i]);
                IoUringRestriction.arg(entries, base, args[i]);
            }
            call.run(RegisterOp.REGISTER_RESTRICTIONS, entries, kinds.length);
        }
    }

    /** Collects restriction entries; every method returns this builder. Not thread-safe. */
    public static final class Builder {
        private final List<Integer> kinds = new ArrayList<>();
        private final List<Integer> args = new ArrayList<>();

        private Builder() {}

        /**
         * Allows SQE opcode {@code opcode}.
         *
         * @param opcode an {@code IORING_OP_*} value (see {@link io.uring4j.kernel.Opcode})
         * @return this builder
         */
        public Builder allowOp(Opcode opcode) {
            if (opcode == null) {
                throw new IllegalArgumentException("opcode must not be null");
            }
            return add(RestrictionOp.SQE_OP, opcode.value(), "opcode");
        }

        /**
         * Allows the SQE opcode with this {@code IORING_OP_*} value.
         *
         * @param opcode an {@code IORING_OP_*} value (see {@link io.uring4j.kernel.Opcode})
         * @return this builder
         */
        public Builder allowOp(int opcode) {
            return add(RestrictionOp.SQE_OP, opcode, "opcode");
        }

        /**
         * Allows io_uring_register opcode {@code registerOp} ({@link RegisterOp}).
         *
         * @param registerOp a {@code RegisterOp} value
         * @return this builder
         */
        public Builder allowRegisterOp(int registerOp) {
            return add(RestrictionOp.REGISTER_OP, registerOp, "registerOp");
        }

        /**
         * {@return the SQE flags ({@link io.uring4j.kernel.flags.SqeFlags}) submissions may carry; none when unset}
         *
         * @param sqeFlags {@link io.uring4j.kernel.flags.SqeFlags} bits
         */
        public Builder allowedSqeFlags(int sqeFlags) {
            return add(RestrictionOp.SQE_FLAGS_ALLOWED, sqeFlags, "sqeFlags");
        }

        /**
         * {@return the SQE flags every submission must carry}
         *
         * @param sqeFlags {@link io.uring4j.kernel.flags.SqeFlags} bits
         */
        public Builder requiredSqeFlags(int sqeFlags) {
            return add(RestrictionOp.SQE_FLAGS_REQUIRED, sqeFlags, "sqeFlags");
        }

        private Builder add(int kind, int arg, String param) {
            Checks.u8(arg, param);
            kinds.add(kind);
            args.add(arg);
            return this;
        }

        /**
         * Makes the restrictions.
         *
         * @return the restrictions
         * @throws IllegalArgumentException when nothing was added (the ring could do nothing at all)
         */
        public Restrictions build() {
            if (kinds.isEmpty()) {
                throw new IllegalArgumentException("restrictions must allow at least one opcode or flag");
            }
            return new Restrictions(this);
        }
    }
}
