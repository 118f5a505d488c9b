/**
 * What a request's 64-bit user_data carries: either packed fields ({@link
 * io.uring4j.context.DirectUserData}: opcode, flags, buffer group, fd) or a token for a slot in a
 * {@link io.uring4j.context.ContextPool}, with a generation tag so a stale or duplicated
 * completion resolves to {@link io.uring4j.context.Resolution#STALE} instead of the wrong owner.
 */
package io.uring4j.context;
