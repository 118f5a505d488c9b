package io.uring4j;

import io.uring4j.internal.RegisterCall;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.QueryOp;
import io.uring4j.kernel.flags.RegisterOp;
import io.uring4j.kernel.structs.IoUringQueryHdr;
import java.lang.foreign.MemorySegment;

/** One {@code IORING_REGISTER_QUERY} entry: the header that asks, the answer the kernel fills. */
final class QueryCall {
    private QueryCall() {}

    /**
     * Asks query type {@code op} through {@code ring}, the kernel writing into {@code answer}
     * (zeroed, as the kernel wants it).
     *
     * @return the number of answer bytes the kernel wrote (≥ 0), or {@code -errno} where the kernel
     *     does not know the query type or has no IORING_REGISTER_QUERY (then nothing was written)
     * @throws UringException for any other error
     */
    static int ask(Ring ring, int op, MemorySegment hdr, MemorySegment answer) {
        IoUringQueryHdr.queryData(hdr, 0, answer.address());
        IoUringQueryHdr.queryOp(hdr, 0, op);
        IoUringQueryHdr.size(hdr, 0, (int) answer.byteSize());
        int r = RegisterCall.on(ring).raw(RegisterOp.REGISTER_QUERY, hdr, 0);
        if (r == -Errno.EINVAL.value()) {
            return r; // no IORING_REGISTER_QUERY before 6.18
        }
        if (r < 0) {
            throw new UringException("io_uring_register(REGISTER_QUERY)", -r);
        }
        int result = IoUringQueryHdr.result(hdr, 0);
        if (result == -Errno.EOPNOTSUPP.value()) {
            return result; // a query type this kernel does not know
        }
        if (result < 0) {
            throw new UringException("IORING_REGISTER_QUERY(IO_URING_QUERY_" + QueryOp.describe(op) + ")", -result);
        }
        return IoUringQueryHdr.size(hdr, 0);
    }

    /** The answer for a query type the kernel refused with {@code -errno}. */
    static <T> QueryAnswer<T> lacking(int op, int negativeErrno) {
        return new QueryAnswer.NotOnThisKernel<>("IO_URING_QUERY_" + QueryOp.describe(op), QueryOp.since(op),
                Errno.of(-negativeErrno), KernelVersion.current().release());
    }
}
