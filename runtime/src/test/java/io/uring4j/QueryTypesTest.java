package io.uring4j;

import io.uring4j.kernel.Errno;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * IO_URING_QUERY_ZCRX and IO_URING_QUERY_SCQ (Linux 6.19) on the running kernel: values from a
 * kernel that has them, and from 6.18 the answer it really gives (EOPNOTSUPP in the query
 * header) turned into "needs Linux 6.19".
 */
class QueryTypesTest {
    private static final boolean HAS_THEM = KernelVersion.current().atLeast("6.19");

    @Test
    void zeroCopyReceiveQuery() {
        try (Ring ring = Ring.open(4)) {
            QueryAnswer<QueryZcrx> a = QueryZcrx.read(ring);
            assertEquals(HAS_THEM, a.known(), String.valueOf(a));
            if (a instanceof QueryAnswer.Known<QueryZcrx>(QueryZcrx z)) {
                assertTrue(z.refillHeaderSize() >= 8, "head and tail are two u32: " + z);
                assertEquals(1, Integer.bitCount(z.refillHeaderAlignment()), "alignment is a power of two: " + z);
                assertTrue(z.ctrlOpcodes() >= 1, "6.19 has ZCRX_CTRL_FLUSH_RQ: " + z);
            } else {
                assertLacking(a, "IO_URING_QUERY_ZCRX");
            }
        }
    }

    @Test
    void ringHeaderQuery() {
        try (Ring ring = Ring.open(4)) {
            QueryAnswer<QueryScq> a = QueryScq.read(ring);
            assertEquals(HAS_THEM, a.known(), String.valueOf(a));
            if (a instanceof QueryAnswer.Known<QueryScq>(QueryScq q)) {
                assertTrue(q.headerSize() > 0, q.toString());
                assertEquals(1, Long.bitCount(q.headerAlignment()), "alignment is a power of two: " + q);
            } else {
                assertLacking(a, "IO_URING_QUERY_SCQ");
            }
        }
    }

    private static void assertLacking(QueryAnswer<?> a, String query) {
        var lacking = (QueryAnswer.NotOnThisKernel<?>) a;
        assertEquals(query, lacking.query());
        assertEquals("6.19", lacking.needsLinux());
        // 6.18 knows IORING_REGISTER_QUERY but not this type: the header's result is -EOPNOTSUPP.
        Errno expected = KernelVersion.current().atLeast("6.18") ? Errno.EOPNOTSUPP : Errno.EINVAL;
        assertEquals(expected, lacking.answer());
        var e = assertThrows(UnsupportedOperationException.class, a::orElseThrow);
        assertTrue(e.getMessage().contains(query + " needs Linux 6.19"), e.getMessage());
        assertTrue(e.getMessage().contains(expected.name()), e.getMessage());
    }
}
