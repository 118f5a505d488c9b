/**
 * Everything io_uring_register(2) registers on a ring, one class each: {@link
 * io.uring4j.register.FileTable} (fixed files), {@link io.uring4j.register.BufferTable} (fixed
 * buffers), {@link io.uring4j.register.EventFdRegistration}, {@link
 * io.uring4j.register.Personality}, {@link io.uring4j.register.Restrictions}, {@link
 * io.uring4j.register.IoWorkers} (io-wq limits and affinity), {@link
 * io.uring4j.register.SyncCancel}, {@link io.uring4j.register.Napi}, {@link
 * io.uring4j.register.RingClock} and {@link io.uring4j.register.WaitRegion} (wait arguments in a
 * registered memory region).
 *
 * <p>Each call checks once that the calling thread may register on the ring; registrations that
 * own something ({@link io.uring4j.register.RingRegistration}) unregister when closed and are
 * skipped when the ring went first. Start with {@link io.uring4j.register.FileTable}.
 */
package io.uring4j.register;
