package io.uring4j.register;

import io.uring4j.KernelVersion;
import io.uring4j.Ring;
import io.uring4j.UringException;
import io.uring4j.internal.RegisterCall;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.RegisterOp;
import io.uring4j.kernel.flags.ZcrxCtrlOp;
import io.uring4j.kernel.structs.ZcrxCtrl;
import io.uring4j.kernel.structs.ZcrxCtrlExport;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * {@code IORING_REGISTER_ZCRX_CTRL} operations on a zero-copy receive queue: flush the refill
 * queue ({@code ZCRX_CTRL_FLUSH_RQ}, Linux 6.19) and export the queue as a file descriptor
 * ({@code ZCRX_CTRL_EXPORT}, Linux 7.0). A kernel without the operation answers EINVAL, which
 * becomes an {@link UnsupportedOperationException} naming the version it needs (from the spec).
 */
final class ZcrxControl {
    private ZcrxControl() {}

    /** ZCRX_CTRL_FLUSH_RQ: the kernel processes the refill queue now. */
    static void flush(Ring ring, int zcrxId) {
        call(ring, zcrxId, ZcrxCtrlOp.FLUSH_RQ);
    }

    /** ZCRX_CTRL_EXPORT: a new file descriptor for the queue, to import on another ring. */
    static int export(Ring ring, int zcrxId) {
        return call(ring, zcrxId, ZcrxCtrlOp.EXPORT);
    }

    private static int call(Ring ring, int zcrxId, int op) {
        RegisterCall call = RegisterCall.on(ring);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ctrl = arena.allocate(ZcrxCtrl.LAYOUT);
            ZcrxCtrl.zcrxId(ctrl, 0, zcrxId);
            ZcrxCtrl.op(ctrl, 0, op);
            int r = call.raw(RegisterOp.REGISTER_ZCRX_CTRL, ctrl, 0);
            String what = "io_uring_register(REGISTER_ZCRX_CTRL, ZCRX_CTRL_" + ZcrxCtrlOp.describe(op) + ")";
            if (r < 0) {
                String needs = ZcrxCtrlOp.since(op);
                KernelVersion k = KernelVersion.current();
                if (r == -Errno.EINVAL.value() && !k.atLeast(needs)) {
                    throw new UnsupportedOperationException("ZCRX_CTRL_" + ZcrxCtrlOp.describe(op) + " needs Linux "
                            + needs + "; this kernel (" + k.release() + ") answered EINVAL to " + what);
                }
                throw new UringException(what, -r);
            }
            return op == ZcrxCtrlOp.EXPORT ? ZcrxCtrlExport.zcrxFd(ctrl, ZcrxCtrl.OFF_ZC_EXPORT) : r;
        }
    }
}
