/**
 * Kernel facts generated from the spec: {@link io.uring4j.kernel.Opcode} (every io_uring opcode
 * with its parameters' shape, result kind and first kernel version), {@link
 * io.uring4j.kernel.Errno} and {@link io.uring4j.kernel.ResultKind}. Flag families are in
 * {@code io.uring4j.kernel.flags}, struct layouts in {@code io.uring4j.kernel.structs}.
 */
package io.uring4j.kernel;
