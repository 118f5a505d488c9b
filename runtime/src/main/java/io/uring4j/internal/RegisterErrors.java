package io.uring4j.internal;

import io.uring4j.KernelVersion;
import io.uring4j.UringException;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.RegisterOp;

/** Turns a failed io_uring_register into an exception that says what went wrong and what to do. */
public final class RegisterErrors {
    private RegisterErrors() {}

    public static UringException failed(int op, int errno) {
        return new UringException("io_uring_register(" + RegisterOp.describe(op) + ")", errno, hint(op, errno));
    }

    public static String hint(int op, int errno) {
        boolean files = isFileOp(op);
        boolean buffers = isBufferOp(op);
        if (errno == Errno.EEXIST.value()) {
            if (op == RegisterOp.REGISTER_CLONE_BUFFERS) {
                return "the source ring is single-issuer and the calling thread is not its owner";
            }
            if (op == RegisterOp.REGISTER_NAPI) {
                return "that NAPI id is already in the ring's static list";
            }
            return null;
        }
        if (errno == Errno.EACCES.value()) {
            return "the ring's restrictions do not allow " + RegisterOp.describe(op);
        }
        if (errno == Errno.ENOMEM.value() && buffers) {
            return memlockHint();
        }
        if (errno == Errno.EMFILE.value() && files) {
            return "more file slots than the open-file limit allows (now " + ProcessLimits.soft("Max open files", false)
                    + "; shell: ulimit -n, systemd: LimitNOFILE=) or than the kernel's table limit: register fewer";
        }
        if (errno == Errno.EBUSY.value()) {
            if (files || buffers) {
                return "this ring already has a registered " + (files ? "file" : "buffer")
                        + " table: update its slots, or close that table first";
            }
            if (op == RegisterOp.REGISTER_EVENTFD || op == RegisterOp.REGISTER_EVENTFD_ASYNC) {
                return "an eventfd is already registered on this ring: unregister it first";
            }
            if (op == RegisterOp.REGISTER_RESTRICTIONS) {
                return "restrictions can be registered only once per ring";
            }
        }
        if (errno == Errno.ENXIO.value()) {
            return "nothing of this kind is registered on this ring (or, for a clone, on the source ring)";
        }
        if (errno == Errno.EBADFD.value() && op == RegisterOp.REGISTER_RESTRICTIONS) {
            return "restrictions need a ring opened disabled (RingOptions.Builder.disabled()) and not yet enabled";
        }
        if (errno == Errno.EBADF.value() && files) {
            return "a descriptor is not open, or is an io_uring fd (which cannot be registered)";
        }
        if (errno == Errno.EFAULT.value() && buffers) {
            return "a buffer is larger than the kernel's per-buffer limit or its memory is not mapped";
        }
        if (errno == Errno.EINVAL.value()) {
            return "the kernel refused the arguments of " + RegisterOp.describe(op)
                    + " (this kernel: " + KernelVersion.current() + ")";
        }
        return null;
    }

    private static boolean isFileOp(int op) {
        return op == RegisterOp.REGISTER_FILES || op == RegisterOp.REGISTER_FILES2
                || op == RegisterOp.REGISTER_FILES_UPDATE || op == RegisterOp.REGISTER_FILES_UPDATE2
                || op == RegisterOp.UNREGISTER_FILES || op == RegisterOp.REGISTER_FILE_ALLOC_RANGE;
    }

    private static boolean isBufferOp(int op) {
        return op == RegisterOp.REGISTER_BUFFERS || op == RegisterOp.REGISTER_BUFFERS2
                || op == RegisterOp.REGISTER_BUFFERS_UPDATE || op == RegisterOp.UNREGISTER_BUFFERS
                || op == RegisterOp.REGISTER_CLONE_BUFFERS;
    }

    /** {@return what to do when pinning registered buffers exceeds the locked-memory limit} */
    public static String memlockHint() {
        return "registered buffers are pinned and count against the locked-memory limit (now "
                + ProcessLimits.memlock() + "): raise it (shell: ulimit -l, systemd: LimitMEMLOCK=,"
                + " docker: --ulimit memlock=-1), run with CAP_IPC_LOCK, or register less memory";
    }
}
