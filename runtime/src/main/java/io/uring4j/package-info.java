/**
 * The core: a {@link io.uring4j.Ring} and what it hands out and reads back.
 *
 * <p>Start with {@link io.uring4j.Ring#open(int)} or {@link io.uring4j.Ring#open(RingOptions)}.
 * {@link io.uring4j.Ring#nextSqe()} gives the reusable {@link io.uring4j.Sqe} view (one typed
 * prep method per opcode, generated from the spec); {@link io.uring4j.Ring#submit()},
 * {@link io.uring4j.Ring#drain(CompletionHandler)} and the waits move requests and
 * {@link io.uring4j.Cqe completions}; {@link io.uring4j.Ring#submitAndCheck(Sqe)} does one
 * request start to end. Kernel errors surface as {@link io.uring4j.UringException} with a typed
 * errno; {@link io.uring4j.Probe} and {@link io.uring4j.KernelVersion} say what the kernel
 * supports. {@link io.uring4j.RingMessages} posts completions between rings.
 */
package io.uring4j;
