/**
 * Layouts of the kernel structs the runtime and callers fill in, generated from the spec: a
 * {@code LAYOUT}, {@code SIZE}, {@code OFF_*} offsets and static accessors taking a segment and a
 * base offset, for example {@link io.uring4j.kernel.structs.IoUringParams} or
 * {@link io.uring4j.kernel.structs.SockaddrIn}.
 */
package io.uring4j.kernel.structs;
