package io.uring4j.register;

import io.uring4j.Ring;
import io.uring4j.internal.RegisterCall;
import io.uring4j.kernel.flags.ClockId;
import io.uring4j.kernel.flags.RegisterOp;
import io.uring4j.kernel.structs.IoUringClockRegister;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Chooses the clock a ring measures wait timeouts with ({@code REGISTER_CLOCK}):
 * {@link ClockId#MONOTONIC} (the default) or {@link ClockId#BOOTTIME}, which keeps running while
 * the machine is suspended.
 *
 * <pre>{@code
 * RingClock.register(ring, ClockId.BOOTTIME);
 * }</pre>
 */
public final class RingClock {
    private RingClock() {}

    /**
     * Makes {@code clockId} the ring's wait clock.
     *
     * @param ring the ring; the calling thread must be allowed to submit or register on it
     * @param clockId {@code CLOCK_MONOTONIC} or {@code CLOCK_BOOTTIME}
     * @throws IllegalArgumentException when {@code clockId} is not {@link ClockId#MONOTONIC} or
     *                                  {@link ClockId#BOOTTIME}, the only clocks the kernel takes
     */
    public static void register(Ring ring, int clockId) {
        RegisterCall call = RegisterCall.on(ring);
        if (clockId != ClockId.MONOTONIC && clockId != ClockId.BOOTTIME) {
            throw new IllegalArgumentException("clockId must be ClockId.MONOTONIC or ClockId.BOOTTIME; was " + clockId);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment reg = arena.allocate(IoUringClockRegister.LAYOUT);
            IoUringClockRegister.clockid(reg, 0, clockId);
            call.run(RegisterOp.REGISTER_CLOCK, reg, 0);
        }
    }
}
