package io.uring4j.context;

/**
 * The negative answers of {@link ContextPool#resolve(long)}. A result {@code >= 0} is a live slot
 * index; each constant here says why a {@code user_data} value has no live slot.
 *
 * <p>Example:
 * <pre>{@code
 * int slot = pool.resolve(cqe.userData());
 * if (!Resolution.isSlot(slot)) {
 *     log("dropped completion: " + Resolution.describe(slot));
 *     return;
 * }
 * }</pre>
 */
public final class Resolution {
    /** An extended token whose slot was released, or reacquired under a newer generation. */
    public static final int STALE = -1;
    /** A direct-mode value (bit 63 clear): it never belonged to a pool. */
    public static final int FOREIGN = -2;
    /** An extended token whose slot index is not below the pool's capacity (another pool's token, or garbage). */
    public static final int OUT_OF_RANGE = -3;

    private Resolution() {}

    /**
     * {@return true if {@code result} of {@link ContextPool#resolve(long)} is a live slot index}
     *
     * @param result what {@code ContextPool.resolve} returned
     */
    public static boolean isSlot(int result) {
        return result >= 0;
    }

    /**
     * {@return a short name for a resolve result: {@code "slot N"}, {@code "STALE"}, {@code "FOREIGN"}, {@code "OUT_OF_RANGE"}}
     *
     * @param result what {@code ContextPool.resolve} returned
     */
    public static String describe(int result) {
        return switch (result) {
            case STALE -> "STALE";
            case FOREIGN -> "FOREIGN";
            case OUT_OF_RANGE -> "OUT_OF_RANGE";
            default -> result >= 0 ? "slot " + result : "unknown resolution " + result;
        };
    }
}
