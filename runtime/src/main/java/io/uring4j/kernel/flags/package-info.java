/**
 * Flag families and constants generated from the spec, one class per family (for example
 * {@link io.uring4j.kernel.flags.SetupFlags}, {@link io.uring4j.kernel.flags.SqeFlags},
 * {@link io.uring4j.kernel.flags.CqeFlags}, {@link io.uring4j.kernel.flags.RegisterOp}); each
 * has {@code describe(int)} to print a value by name.
 */
package io.uring4j.kernel.flags;
