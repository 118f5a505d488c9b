package io.uring4j.internal;

import io.uring4j.KernelVersion;
import io.uring4j.Ring;
import io.uring4j.RingOptions;
import io.uring4j.UringException;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.SetupFlags;
import io.uring4j.kernel.structs.IoUringParams;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

/** Turns a failed io_uring_setup or ring mmap into an exception that says what to do. */
public final class SetupErrors {
    private static final String OPERATION = "io_uring_setup";

    private SetupErrors() {}

    public static UringException setupFailed(int errno, RingOptions options, int flags, MemorySegment capture) {
        String hint;
        if (errno == Errno.ENOMEM.value()) {
            hint = memlockHint();
        } else if (errno == Errno.EPERM.value() || errno == Errno.EACCES.value()) {
            hint = "io_uring is not allowed for this process: check sysctl kernel.io_uring_disabled (now "
                    + read("/proc/sys/kernel/io_uring_disabled") + "; 0 allows everyone, 1 only members of"
                    + " kernel.io_uring_group, 2 nobody), and in a container the seccomp profile, which often blocks"
                    + " io_uring_setup (e.g. docker --security-opt seccomp=<profile allowing io_uring_*>)";
        } else if (errno == Errno.ENOSYS.value()) {
            hint = "this kernel has no io_uring (built without CONFIG_IO_URING), or a seccomp filter hides it";
        } else if (errno == Errno.EMFILE.value() || errno == Errno.ENFILE.value()) {
            hint = "out of file descriptors: close some, or raise the limit (ulimit -n, systemd LimitNOFILE=)";
        } else if (errno == Errno.EINVAL.value()) {
            hint = invalidHint(options, flags, capture);
        } else {
            hint = "setup flags were " + SetupFlags.describe(flags);
        }
        return new UringException(OPERATION, errno, hint);
    }

    public static UringException mmapFailed(int errno) {
        String hint = errno == Errno.ENOMEM.value() || errno == Errno.EAGAIN.value()
                ? memlockHint()
                : "the ring memory could not be mapped";
        return new UringException("mmap of the ring", errno, hint);
    }

    private static String memlockHint() {
        return "the ring memory could not be allocated or locked: raise the locked-memory limit (now "
                + ProcessLimits.memlock() + "; shell: ulimit -l, systemd: LimitMEMLOCK=, docker: --ulimit memlock=-1)"
                + " or use fewer entries";
    }

    /**
     * Finds which requested flag this kernel refuses: removes one flag at a time and tries again
     * (each trial ring is closed at once). Runs only on the failure path.
     */
    private static String invalidHint(RingOptions options, int flags, MemorySegment capture) {
        KernelVersion kernel = KernelVersion.current();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = arena.allocate(IoUringParams.LAYOUT);
            for (int bit = 0; bit < Integer.SIZE; bit++) {
                int flag = 1 << bit;
                if ((flags & flag) == 0) {
                    continue;
                }
                SetupParams.fill(params, options);
                IoUringParams.flags(params, 0, flags & ~flag);
                int fd = Syscalls.setup(capture, options.entries(), params.address());
                if (fd >= 0) {
                    Syscalls.close(capture, fd);
                    String since = SetupFlags.since(flag);
                    if (since != null && !kernel.atLeast(since)) {
                        return "this kernel (" + kernel + ") refuses setup flag " + SetupFlags.describe(flag)
                                + " in " + SetupFlags.describe(flags) + ": the flag needs Linux " + since;
                    }
                    return "this kernel (" + kernel + ") refuses setup flag " + SetupFlags.describe(flag)
                            + " in " + SetupFlags.describe(flags) + ": the kernel is older than the flag, or the"
                            + " flag cannot be combined with the others (see SetupFlags." + SetupFlags.describe(flag)
                            + " for the version it needs)";
                }
            }
        }
        return "this kernel (" + kernel + ") refuses setup flags " + SetupFlags.describe(flags) + " with "
                + options.entries() + " entries" + (options.cqEntries() != 0 ? " and " + options.cqEntries()
                + " CQ entries" : "") + "; no single flag is to blame: check the entry counts and flag arguments";
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path)).strip();
        } catch (IOException e) {
            return "unreadable";
        }
    }
}
