package io.uring4j.register;

import io.uring4j.Ring;
import io.uring4j.UringException;
import io.uring4j.internal.Checks;
import io.uring4j.internal.RegisterCall;
import io.uring4j.internal.RegisterErrors;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.AsyncCancelFlags;
import io.uring4j.kernel.flags.RegisterOp;
import io.uring4j.kernel.structs.IoUringSyncCancelReg;
import io.uring4j.kernel.structs.KernelTimespec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;

/**
 * Cancels requests in flight and waits until they are cancelled ({@code REGISTER_SYNC_CANCEL}),
 * as a system call instead of an {@code ASYNC_CANCEL} request. The cancelled requests still post
 * their own completions (res {@code -ECANCELED}), to be reaped as usual.
 *
 * <pre>{@code
 * int n = SyncCancel.byUserData(ring, 42, Duration.ofSeconds(1));   // 1: found and cancelled, 0: none
 * }</pre>
 */
public final class SyncCancel {
    private static final int KNOWN_FLAGS = AsyncCancelFlags.ALL | AsyncCancelFlags.FD | AsyncCancelFlags.ANY
            | AsyncCancelFlags.FD_FIXED | AsyncCancelFlags.USERDATA | AsyncCancelFlags.OP;
    private static final int MANY = AsyncCancelFlags.ALL | AsyncCancelFlags.ANY;

    private SyncCancel() {}

    /**
     * Cancels the first request with {@code userData}; waits at most {@code timeout} (null: no limit).
     *
     * @param ring the ring; the calling thread must be allowed to submit or register on it
     * @param userData the {@code user_data} to match or to set
     * @param timeout the longest wait, or null for none
     * @return the number of requests cancelled
     */
    public static int byUserData(Ring ring, long userData, Duration timeout) {
        return cancel(ring, 0, userData, 0, 0, timeout);
    }

    /**
     * Cancels every request on file descriptor {@code fd}.
     *
     * @param ring the ring; the calling thread must be allowed to submit or register on it
     * @param fd the file descriptor
     * @param timeout the longest wait, or null for none
     * @return the number of requests cancelled
     */
    public static int byFd(Ring ring, int fd, Duration timeout) {
        return cancel(ring, AsyncCancelFlags.FD | AsyncCancelFlags.ALL, 0L, fd, 0, timeout);
    }

    /**
     * Cancels every request on registered-file slot {@code slot}.
     *
     * @param ring the ring; the calling thread must be allowed to submit or register on it
     * @param slot the registered-file slot
     * @param timeout the longest wait, or null for none
     * @return the number of requests cancelled
     */
    public static int byFixedFile(Ring ring, int slot, Duration timeout) {
        return cancel(ring, AsyncCancelFlags.FD | AsyncCancelFlags.FD_FIXED | AsyncCancelFlags.ALL, 0L, slot, 0,
                timeout);
    }

    /**
     * Cancels every request with opcode {@code opcode} ({@code IORING_OP_*} value).
     *
     * @param ring the ring; the calling thread must be allowed to submit or register on it
     * @param opcode an {@code IORING_OP_*} value (see {@link io.uring4j.kernel.Opcode})
     * @param timeout the longest wait, or null for none
     * @return the number of requests cancelled
     */
    public static int byOpcode(Ring ring, int opcode, Duration timeout) {
        return cancel(ring, AsyncCancelFlags.OP | AsyncCancelFlags.ALL, 0L, 0, opcode, timeout);
    }

    /**
     * Cancels every request in flight.
     *
     * @param ring the ring; the calling thread must be allowed to submit or register on it
     * @param timeout the longest wait, or null for none
     * @return the number of requests cancelled
     */
    public static int all(Ring ring, Duration timeout) {
        return cancel(ring, AsyncCancelFlags.ANY, 0L, 0, 0, timeout);
    }

    /**
     * The general form: {@code flags} ({@link AsyncCancelFlags}) choose what matches — user data
     * (the default), {@code fd} with {@code FD} (a slot with {@code FD_FIXED}), {@code opcode}
     * with {@code OP}, anything with {@code ANY} — and {@code ALL} cancels every match instead of
     * the first.
     *
     * @param timeout how long to wait for matching requests that are already running; null waits
     *                as long as it takes
     * @param ring the ring; the calling thread must be allowed to submit or register on it
     * @param userData the {@code user_data} to match or to set
     * @param fd the file descriptor
     * @param opcode an {@code IORING_OP_*} value (see {@link io.uring4j.kernel.Opcode})
     * @param flags {@code AsyncCancelFlags} bits: what to match and how many
     * @return how many requests were cancelled: without {@code ALL} or {@code ANY}, 1 or 0; with
     *         them, the count the kernel reports (requests it had to wait for count as found)
     * @throws IllegalArgumentException on unknown flags, an opcode outside 0..255, a negative fd
     *                                  with {@code FD}, or a negative timeout
     * @throws UringException           ETIME when the timeout ran out first, EBADF for a bad fd
     */
    public static int cancel(Ring ring, int flags, long userData, int fd, int opcode, Duration timeout) {
        RegisterCall call = RegisterCall.on(ring);
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw new IllegalArgumentException("flags has bits that are not AsyncCancelFlags: 0x"
                    + Integer.toHexString(flags & ~KNOWN_FLAGS));
        }
        Checks.u8(opcode, "opcode");
        if ((flags & AsyncCancelFlags.FD) != 0 && fd < 0) {
            throw new IllegalArgumentException("fd must be >= 0 when cancelling by fd; was " + fd);
        }
        if (timeout != null && timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative; was " + timeout);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment reg = arena.allocate(IoUringSyncCancelReg.LAYOUT);
            IoUringSyncCancelReg.addr(reg, 0, userData);
            IoUringSyncCancelReg.fd(reg, 0, fd);
            IoUringSyncCancelReg.flags(reg, 0, flags);
            IoUringSyncCancelReg.opcode(reg, 0, opcode);
            // -1 in both fields: no timeout
            long base = IoUringSyncCancelReg.OFF_TIMEOUT;
            KernelTimespec.tvSec(reg, base, timeout == null ? -1L : timeout.getSeconds());
            KernelTimespec.tvNsec(reg, base, timeout == null ? -1L : timeout.getNano());
            int r = call.raw(RegisterOp.REGISTER_SYNC_CANCEL, reg, 1);
            // Without ALL/ANY the kernel answers 0 (found) or ENOENT; with them, the count (0: none).
            if ((flags & MANY) == 0) {
                if (r == -Errno.ENOENT.value()) {
                    return 0;
                }
                if (r >= 0) {
                    return 1;
                }
            } else if (r >= 0) {
                return r;
            }
            throw RegisterErrors.failed(RegisterOp.REGISTER_SYNC_CANCEL, -r);
        }
    }
}
