package io.uring4j.internal;

import io.uring4j.RingOptions;
import io.uring4j.kernel.flags.SetupFlags;
import io.uring4j.kernel.structs.IoUringParams;
import java.lang.foreign.MemorySegment;

/** Writes the {@code io_uring_params} of a setup request from {@link RingOptions}. */
public final class SetupParams {
    private SetupParams() {}

    /** Clears {@code params} and fills it from {@code options}; returns the setup flags written. */
    public static int fill(MemorySegment params, RingOptions options) {
        params.fill((byte) 0);
        int flags = options.flags() | (options.cqEntries() != 0 ? SetupFlags.CQSIZE : 0);
        IoUringParams.flags(params, 0, flags);
        IoUringParams.cqEntries(params, 0, options.cqEntries());
        IoUringParams.sqThreadIdle(params, 0, options.sqThreadIdleMillis());
        IoUringParams.sqThreadCpu(params, 0, Math.max(0, options.sqThreadCpu()));
        if (options.attachWq() != null) {
            IoUringParams.wqFd(params, 0, options.attachWq().fd());
        }
        return flags;
    }
}
