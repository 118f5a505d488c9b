package io.uring4j.testsupport;

import io.uring4j.Cqe;
import io.uring4j.Ring;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;


/** Helpers for the provided-buffer tests: bounded waits and byte comparisons. */
public final class BufferTestSupport {
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(5);

    private BufferTestSupport() {}

    /** Submits what is queued and returns the next completion, failing after five seconds. */
    public static Cqe next(Ring ring) {
        ring.submit();
        Cqe cqe = ring.peek();
        if (cqe != null) {
            return cqe;
        }
        int ready = ring.waitFor(1, TIMEOUT);
        assertTrue(ready > 0, "no completion within 5 s");
        cqe = ring.peek();
        assertNotNull(cqe, "a completion is ready");
        return cqe;
    }

    /** The bytes {@code [offset, offset + length)} of {@code segment} as ASCII text. */
    public static String text(MemorySegment segment, long offset, int length) {
        byte[] b = new byte[length];
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, offset, b, 0, length);
        return new String(b, StandardCharsets.US_ASCII);
    }

    /** A recognisable message of exactly {@code length} ASCII bytes, different for each {@code seed}. */
    public static String message(int seed, int length) {
        StringBuilder sb = new StringBuilder(length);
        String head = "<" + seed + ">";
        while (sb.length() < length) {
            sb.append(head).append((char) ('a' + (sb.length() + seed) % 26));
        }
        sb.setLength(length);
        return sb.toString();
    }
}
