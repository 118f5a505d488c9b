package io.uring4j;

import io.uring4j.kernel.flags.QueryOp;
import io.uring4j.kernel.structs.IoUringQueryHdr;
import io.uring4j.kernel.structs.IoUringQueryScq;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Size and alignment of the SQ/CQ ring header, from {@code IO_URING_QUERY_SCQ} (Linux 6.19): Go's
 * {@code QuerySCQ}, what an application placing the rings in its own memory
 * ({@code IORING_SETUP_NO_MMAP}) must leave room for. Linux 6.18 does not know the query type
 * and answers EOPNOTSUPP, which {@link #read} returns as {@link QueryAnswer.NotOnThisKernel}.
 *
 * @param headerSize      bytes of the ring header before the entries
 * @param headerAlignment alignment the header needs
 */
public record QueryScq(long headerSize, long headerAlignment) {

    /**
     * Asks the kernel through {@code ring}.
     *
     * @param ring an open ring, called from its owner thread
     * @return the kernel's values, or that it needs a newer Linux (by version)
     */
    public static QueryAnswer<QueryScq> read(Ring ring) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment answer = arena.allocate(IoUringQueryScq.LAYOUT);
            int r = QueryCall.ask(ring, QueryOp.SCQ, arena.allocate(IoUringQueryHdr.LAYOUT), answer);
            if (r < 0) {
                return QueryCall.lacking(QueryOp.SCQ, r);
            }
            return new QueryAnswer.Known<>(new QueryScq(
                    IoUringQueryScq.hdrSize(answer, 0), IoUringQueryScq.hdrAlignment(answer, 0)));
        }
    }
}
