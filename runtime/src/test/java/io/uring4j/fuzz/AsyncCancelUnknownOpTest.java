package io.uring4j.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.uring4j.Ring;
import io.uring4j.kernel.Errno;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the spec says of ASYNC_CANCEL_OP with a value that is no opcode, checked on the running kernel. */
class AsyncCancelUnknownOpTest {
    @Test
    void aValueThatIsNoOpcodeFindsNothing() {
        try (Ring ring = Ring.open(4)) {
            ring.nextSqe().asyncCancelOp(255, 0).userData(1);
            ring.submitAndWait(1);
            List<Integer> res = new ArrayList<>();
            ring.drain(cqe -> res.add(cqe.res()));
            assertEquals(List.of(-Errno.ENOENT.value()), res, "the kernel answers ENOENT, not EINVAL");
        }
    }
}
