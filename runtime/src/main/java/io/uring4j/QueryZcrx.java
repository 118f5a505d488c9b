package io.uring4j;

import io.uring4j.kernel.flags.QueryOp;
import io.uring4j.kernel.structs.IoUringQueryHdr;
import io.uring4j.kernel.structs.IoUringQueryZcrx;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * What the kernel supports of zero-copy receive, from {@code IO_URING_QUERY_ZCRX} (Linux 6.19):
 * Go's {@code QueryZCRX}. Linux 6.18 does not know the query type and answers EOPNOTSUPP, which
 * {@link #read} returns as {@link QueryAnswer.NotOnThisKernel}.
 *
 * @param registerFlags   ZCRX_REG_* flags the kernel accepts ({@code ZcrxRegFlags})
 * @param areaFlags       IORING_ZCRX_AREA_* flags the kernel accepts ({@code ZcrxAreaFlags})
 * @param ctrlOpcodes     number of IORING_REGISTER_ZCRX_CTRL operations ({@code ZcrxCtrlOp})
 * @param refillHeaderSize      bytes of the refill ring's header (head and tail)
 * @param refillHeaderAlignment alignment the refill ring's header needs
 */
public record QueryZcrx(long registerFlags, long areaFlags, int ctrlOpcodes, int refillHeaderSize,
                        int refillHeaderAlignment) {

    /**
     * Asks the kernel through {@code ring}.
     *
     * @param ring an open ring, called from its owner thread
     * @return the kernel's values, or that it needs a newer Linux (by version)
     */
    public static QueryAnswer<QueryZcrx> read(Ring ring) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment answer = arena.allocate(IoUringQueryZcrx.LAYOUT);
            int r = QueryCall.ask(ring, QueryOp.ZCRX, arena.allocate(IoUringQueryHdr.LAYOUT), answer);
            if (r < 0) {
                return QueryCall.lacking(QueryOp.ZCRX, r);
            }
            return new QueryAnswer.Known<>(new QueryZcrx(
                    IoUringQueryZcrx.registerFlags(answer, 0),
                    IoUringQueryZcrx.areaFlags(answer, 0),
                    IoUringQueryZcrx.nrCtrlOpcodes(answer, 0),
                    IoUringQueryZcrx.rqHdrSize(answer, 0),
                    IoUringQueryZcrx.rqHdrAlignment(answer, 0)));
        }
    }
}
