package io.uring4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Submits what is queued, waits for exactly one completion and returns its {@code res}. */
final class SingleCompletion {
    private SingleCompletion() {}

    static int res(Ring ring, long expectedUserData) {
        ring.submitAndWait(1);
        Cqe cqe = ring.peek();
        assertNotNull(cqe, "a completion arrived");
        assertEquals(expectedUserData, cqe.userData(), "the completion of the request just submitted");
        int res = cqe.res();
        ring.seen();
        return res;
    }
}
