package io.uring4j.multishot;

import io.uring4j.Sqe;
import io.uring4j.kernel.Errno;
import io.uring4j.net.RecvmsgView;

/**
 * The multishot requests a {@link Multishots} registry can arm, and how each one's last
 * completion is read. Each maps to one generated prep method of {@link Sqe}.
 *
 * <pre>{@code
 * if (sub.kind() == MultishotKind.ACCEPT_DIRECT) {
 *     int slot = cqe.res();      // a registered-file index, not an fd
 * }
 * }</pre>
 */
public enum MultishotKind {
    /** {@link Sqe#acceptMultishot}: each result is a new connection's fd. */
    ACCEPT,
    /** {@link Sqe#acceptMultishotDirect}: each result is the registered-file slot the kernel picked. */
    ACCEPT_DIRECT,
    /** {@link Sqe#recvMultishot}: each result is a byte count in a provided buffer. */
    RECV,
    /** {@link Sqe#recvmsgMultishot}: each result is a provided buffer laid out as {@link RecvmsgView} reads it. */
    RECVMSG,
    /** {@link Sqe#pollMultishot}: each result is the ready poll mask. */
    POLL,
    /** {@link Sqe#timeoutMultishot}: each result is one period ({@code -ETIME}, or 0 with {@code ETIME_SUCCESS}). */
    TIMEOUT,
    /** {@link Sqe#readMultishot}: each result is a byte count in a provided buffer. */
    READ;

    private static final int ETIME = Errno.ETIME.value();
    private static final int ENOBUFS = Errno.ENOBUFS.value();
    private static final int ECANCELED = Errno.ECANCELED.value();

    /** {@return true for the kinds whose results are bytes in provided buffers (and whose {@code res == 0} is end of stream)} */
    public boolean selectsBuffers() {
        return this == RECV || this == RECVMSG || this == READ;
    }

    /** {@return true when {@code res} of a last completion is a result the handler must see} */
    boolean isResult(int res) {
        if (this == TIMEOUT) {
            return res == -ETIME || res >= 0;
        }
        return selectsBuffers() ? res > 0 : res >= 0;
    }

    /** Why a request of this kind stopped, from its last completion's {@code res}. */
    MultishotEnd endOf(int res) {
        if (res == -ECANCELED) {
            return MultishotEnd.CANCELLED;
        }
        if (res == -ENOBUFS) {
            return MultishotEnd.NO_BUFFERS;
        }
        if (res == 0 && selectsBuffers()) {
            return MultishotEnd.END_OF_STREAM;
        }
        return isResult(res) ? MultishotEnd.COMPLETED : MultishotEnd.FAILED;
    }
}
