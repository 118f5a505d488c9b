/**
 * Buffers the kernel picks from at completion time (buffer select): provided buffer rings
 * ({@link io.uring4j.buffers.BufferRing}, configured by {@link io.uring4j.buffers.BufferRingOptions},
 * incremental consumption included), size tiers of rings ({@link io.uring4j.buffers.BufferTiers}),
 * bundles ({@link io.uring4j.buffers.BundleCursor}) and the older provide-buffers groups
 * ({@link io.uring4j.buffers.LegacyBufferGroup}).
 *
 * <p>Buffer memory is owned by the ring of buffers and released only after it is unregistered.
 * Start with {@link io.uring4j.buffers.BufferRing#register(io.uring4j.Ring, BufferRingOptions)}.
 */
package io.uring4j.buffers;
