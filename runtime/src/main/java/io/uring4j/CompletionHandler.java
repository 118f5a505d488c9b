package io.uring4j;

/**
 * Receives completions from {@link Ring#drain(CompletionHandler)}. Implement it once (a field,
 * not a capturing lambda made per call) to keep reaping allocation-free.
 */
@FunctionalInterface
public interface CompletionHandler {
    /**
     * Called once per completion. {@code cqe} is the ring's reusable view, valid only during
     * this call: copy out what you need.
     *
     * @param cqe the completion
     */
    void onCompletion(Cqe cqe);
}
