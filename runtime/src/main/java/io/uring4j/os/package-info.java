/**
 * Process and operating-system helpers that io_uring requests work with: futex words and
 * vectors ({@link io.uring4j.os.FutexWord}, {@link io.uring4j.os.FutexVector}), child processes
 * ({@link io.uring4j.os.ProcessSpawn}, {@link io.uring4j.os.ChildStatus} for waitid), epoll
 * ({@link io.uring4j.os.Epoll}, {@link io.uring4j.os.EpollEvents}), pipes
 * ({@link io.uring4j.os.PipeFds}), and sizing rings to the machine ({@link io.uring4j.os.MachineLimits},
 * {@link io.uring4j.os.RingBudget}).
 */
package io.uring4j.os;
