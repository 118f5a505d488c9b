package io.uring4j.testsupport;

import io.uring4j.Cqe;
import io.uring4j.Ring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Submits what is queued, waits for exactly one completion and returns its {@code res}. */
public final class SingleCompletion {
    private SingleCompletion() {}

    public static int res(Ring ring, long expectedUserData) {
        ring.submitAndWait(1);
        Cqe cqe = ring.peek();
        assertNotNull(cqe, "a completion arrived");
        assertEquals(expectedUserData, cqe.userData(), "the completion of the request just submitted");
        int res = cqe.res();
        ring.seen();
        return res;
    }
}
