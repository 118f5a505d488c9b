package io.uring4j.internal;

import io.uring4j.Sqe;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The ring's queue of library steps waiting for a free SQ entry, oldest first. The ring fills
 * free entries from it whenever it submits (see {@code Ring.submit}), before and between its
 * system calls, so a step queued on a full SQ goes out with the next submit. Allocation-free
 * once its arrays have grown to the most steps ever waiting at once (they double, and never
 * shrink). Used by the ring's submitting thread only.
 */
public final class DeferredSteps {
    private DeferredStep[] steps = new DeferredStep[16];
    private int[] codes = new int[16];
    private int head;
    private int size;

    /** {@return true when no step waits} */
    public boolean isEmpty() {
        return size == 0;
    }

    /** {@return the number of steps waiting} */
    public int size() {
        return size;
    }

    /**
     * Queues {@code step} with {@code code} behind the steps already waiting.
     *
     * @param step who writes the entry
     * @param code what to write, passed back to {@link DeferredStep#prep}
     */
    public void add(DeferredStep step, int code) {
        if (size == steps.length) {
            grow();
        }
        int i = (head + size) & (steps.length - 1);
        steps[i] = step;
        codes[i] = code;
        size++;
    }

    /**
     * Hands waiting steps free entries, oldest first, until none waits or {@code next} has no
     * free entry (returns null).
     *
     * @param next the ring's free-entry source ({@code tryNextSqe} without the caller checks)
     * @return the number of steps written
     */
    public int fill(Supplier<Sqe> next) {
        int written = 0;
        while (size != 0) {
            Sqe sqe = next.get();
            if (sqe == null) {
                break;
            }
            DeferredStep step = steps[head];
            int code = codes[head];
            steps[head] = null;
            head = (head + 1) & (steps.length - 1);
            size--;
            if (step.prep(sqe, code)) {
                written++;
            }
        }
        return written;
    }

    private void grow() {
        int n = steps.length;
        DeferredStep[] s = new DeferredStep[n * 2];
        int[] c = new int[n * 2];
        for (int k = 0; k < size; k++) {
            s[k] = steps[(head + k) & (n - 1)];
            c[k] = codes[(head + k) & (n - 1)];
        }
        steps = s;
        codes = c;
        head = 0;
        Arrays.fill(steps, size, steps.length, null);
    }
}
