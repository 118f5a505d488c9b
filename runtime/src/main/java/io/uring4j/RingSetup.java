package io.uring4j;

import io.uring4j.internal.RingMapping;
import io.uring4j.internal.SetupErrors;
import io.uring4j.internal.SetupParams;
import io.uring4j.internal.Syscalls;
import io.uring4j.kernel.structs.IoUringParams;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Opening a ring: io_uring_setup(2), then mmap(2) of its regions; on any failure, whatever was
 * made so far is released in reverse order.
 */
final class RingSetup {
    private RingSetup() {}

    static Ring open(RingOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        if (options.singleIssuer() && Thread.currentThread().isVirtual()) {
            throw new IllegalStateException("a single-issuer ring must be opened on a platform thread: the kernel ties"
                    + " it to one thread and a virtual thread may move between carriers; open it on a platform thread"
                    + " or use RingOptions.builder().multiIssuer()");
        }
        Ring wq = options.attachWq();
        if (wq != null && wq.isClosed()) {
            throw new IllegalStateException("attachWq: the ring to share the worker pool with is closed");
        }
        Arena arena = Arena.ofShared();
        MemorySegment errno = Syscalls.newErrnoSegment(arena);
        int fd = -1;
        RingMapping mapping = null;
        Ring ring = null;
        try {
            MemorySegment params = arena.allocate(IoUringParams.LAYOUT);
            int flags = SetupParams.fill(params, options);
            fd = Syscalls.setup(errno, options.entries(), params.address());
            if (fd < 0) {
                throw SetupErrors.setupFailed(-fd, options, flags, errno);
            }
            int[] error = new int[1];
            mapping = RingMapping.map(errno, fd, params, IoUringParams.flags(params, 0),
                    IoUringParams.features(params, 0), error);
            if (mapping == null) {
                throw SetupErrors.mmapFailed(-error[0]);
            }
            ring = new Ring(fd, params, options, arena, mapping, errno);
            if (options.registerRingFd()) {
                ring.control.registerRingFd();
            }
            return ring;
        } catch (RuntimeException | Error e) {
            if (ring != null) {
                ring.close();
            } else {
                if (mapping != null) {
                    mapping.unmap(errno);
                }
                if (fd >= 0) {
                    Syscalls.close(errno, fd);
                }
                arena.close();
            }
            throw e;
        }
    }
}
