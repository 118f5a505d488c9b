package io.uring4j.register;

import io.uring4j.Ring;
import io.uring4j.internal.RegisterCall;
import io.uring4j.kernel.flags.NapiOp;
import io.uring4j.kernel.flags.NapiTracking;
import io.uring4j.kernel.flags.RegisterOp;
import io.uring4j.kernel.structs.IoUringNapi;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * NAPI busy polling for a ring ({@code REGISTER_NAPI} / {@code UNREGISTER_NAPI}): while waiting
 * for completions, the kernel polls the network queues of the ring's sockets for up to a time
 * budget instead of sleeping, trading CPU for latency. With {@link NapiTracking#DYNAMIC} the
 * kernel tracks the queues of the sockets the ring uses; with {@link NapiTracking#STATIC} only
 * the NAPI ids added with {@link #addStaticId}.
 *
 * <pre>{@code
 * Napi.Settings before = Napi.register(ring, 50, false, NapiTracking.DYNAMIC);   // 50 us budget
 * ...
 * Napi.unregister(ring);
 * }</pre>
 *
 * <p>A kernel built without busy-poll support refuses these calls with EINVAL; so does a ring
 * set up with {@code IOPOLL}.
 */
public final class Napi {
    private Napi() {}

    /**
     * Busy-poll settings.
     *
     * @param busyPollMicros  the time budget in microseconds
     * @param preferBusyPoll  whether to ask the network stack to prefer busy polling over interrupts
     * @param tracking        a {@link NapiTracking} value
     */
    public record Settings(int busyPollMicros, boolean preferBusyPoll, int tracking) {}

    /**
     * Turns busy polling on with these settings. The kernel caps the budget (at 10 ms on 6.18:
     * a larger value is stored as the cap).
     *
     * @param ring the ring; the calling thread must be allowed to submit or register on it
     * @param busyPollMicros how long to busy-poll, in microseconds
     * @param preferBusyPoll true to prefer busy polling over interrupts
     * @param tracking how NAPI ids are tracked ({@code NapiTracking})
     * @return the settings before the call, as the kernel reports them
     * @throws IllegalArgumentException when {@code busyPollMicros} is negative or {@code tracking}
     *                                  is not {@link NapiTracking#DYNAMIC} or {@link NapiTracking#STATIC}
     */
    public static Settings register(Ring ring, int busyPollMicros, boolean preferBusyPoll, int tracking) {
        RegisterCall call = RegisterCall.on(ring);
        if (busyPollMicros < 0) {
            throw new IllegalArgumentException("busyPollMicros must be >= 0; was " + busyPollMicros);
        }
        if (tracking != NapiTracking.DYNAMIC && tracking != NapiTracking.STATIC) {
            throw new IllegalArgumentException("tracking must be NapiTracking.DYNAMIC or NapiTracking.STATIC; was "
                    + NapiTracking.describe(tracking));
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment napi = arena.allocate(IoUringNapi.LAYOUT);
            IoUringNapi.busyPollTo(napi, 0, busyPollMicros);
            IoUringNapi.preferBusyPoll(napi, 0, preferBusyPoll ? 1 : 0);
            IoUringNapi.opcode(napi, 0, NapiOp.REGISTER_OP);
            IoUringNapi.opParam(napi, 0, tracking);
            call.run(RegisterOp.REGISTER_NAPI, napi, 1);
            return settings(napi);
        }
    }

    /**
     * Adds NAPI id {@code napiId} to the polled set; needs {@link NapiTracking#STATIC}.
     *
     * @param ring the ring; the calling thread must be allowed to submit or register on it
     * @param napiId the NAPI id of a receive queue (from {@code SO_INCOMING_NAPI_ID})
     */
    public static void addStaticId(Ring ring, int napiId) {
        staticId(ring, NapiOp.STATIC_ADD_ID, napiId);
    }

    /**
     * Removes NAPI id {@code napiId} from the polled set; needs {@link NapiTracking#STATIC}.
     *
     * @param ring the ring; the calling thread must be allowed to submit or register on it
     * @param napiId the NAPI id of a receive queue (from {@code SO_INCOMING_NAPI_ID})
     */
    public static void removeStaticId(Ring ring, int napiId) {
        staticId(ring, NapiOp.STATIC_DEL_ID, napiId);
    }

    private static void staticId(Ring ring, int op, int napiId) {
        RegisterCall call = RegisterCall.on(ring);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment napi = arena.allocate(IoUringNapi.LAYOUT);
            IoUringNapi.opcode(napi, 0, op);
            IoUringNapi.opParam(napi, 0, napiId);
            call.run(RegisterOp.REGISTER_NAPI, napi, 1);
        }
    }

    /**
     * Turns busy polling off.
     *
     * @param ring the ring; the calling thread must be allowed to submit or register on it
     * @return the budget and preference it had; the kernel does not report the tracking mode
     *         here, so {@link Settings#tracking()} reads 0 ({@link NapiTracking#DYNAMIC})
     */
    public static Settings unregister(Ring ring) {
        RegisterCall call = RegisterCall.on(ring);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment napi = arena.allocate(IoUringNapi.LAYOUT);
            call.run(RegisterOp.UNREGISTER_NAPI, napi, 1);
            return settings(napi);
        }
    }

    private static Settings settings(MemorySegment napi) {
        return new Settings(IoUringNapi.busyPollTo(napi, 0), IoUringNapi.preferBusyPoll(napi, 0) != 0,
                IoUringNapi.opParam(napi, 0));
    }
}
