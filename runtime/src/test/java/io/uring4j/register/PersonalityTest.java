package io.uring4j.register;

import io.uring4j.Ring;
import io.uring4j.kernel.Errno;
import io.uring4j.testsupport.SingleCompletion;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


class PersonalityTest {
    @Test
    void registeredIdIsAcceptedOnAnSqeUntilUnregistered() {
        try (Ring ring = Ring.open(8)) {
            Personality p = Personality.register(ring);
            assertTrue(p.id() > 0, "ids start at 1: 0 means no personality");
            try (Personality q = Personality.register(ring)) {
                assertNotEquals(p.id(), q.id());
            }
            ring.nextSqe().nop().personality(p.id()).userData(1);
            assertEquals(0, SingleCompletion.res(ring, 1));

            p.close();
            p.close(); // idempotent
            assertTrue(p.isClosed());
            ring.nextSqe().nop().personality(p.id()).userData(2);
            assertEquals(-Errno.EINVAL.value(), SingleCompletion.res(ring, 2), "an unknown personality");
        }
    }
}
