package io.uring4j.net;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The steady-state allocation check of the net tests. A batch reports the bytes its thread
 * allocated; steady state is proven by batches that allocate exactly nothing, which an operation
 * allocating even one object per call can never produce. Batches that do allocate are JIT
 * events (code still interpreted, a deoptimisation after another test changed a type profile),
 * which a full test run provokes at random; they are reported, not counted against the code.
 */
final class AllocationBatches {
    /** Batches that must allocate nothing. */
    static final int ZERO_BATCHES = 4;

    private AllocationBatches() {}

    static void assertSomeBatchesAllocateNothing(String what, int maxBatches, LongSupplier batch) {
        List<Long> allocating = new ArrayList<>();
        int zero = 0;
        for (int i = 0; i < maxBatches && zero < ZERO_BATCHES; i++) {
            long bytes = batch.getAsLong();
            if (bytes == 0) {
                zero++;
            } else {
                allocating.add(bytes);
            }
        }
        if (zero < ZERO_BATCHES) {
            fail("only " + zero + " of " + maxBatches + " batches of " + what + " allocated nothing; the others"
                    + " allocated " + allocating + " bytes");
        }
    }
}
