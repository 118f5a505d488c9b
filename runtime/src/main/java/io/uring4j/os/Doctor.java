package io.uring4j.os;

import io.uring4j.KernelVersion;
import io.uring4j.Ring;
import io.uring4j.UringException;
import io.uring4j.kernel.Errno;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Says whether io_uring can be used by this process and, if not, exactly why and what to do:
 * the kernel version against the 6.18 uring4j needs, {@code kernel.io_uring_disabled} and
 * {@code kernel.io_uring_group}, a seccomp filter (and whether it answers {@code EPERM}, as
 * Docker's and containerd's default profiles do, or {@code ENOSYS}), the locked-memory limit
 * against what the planned registered buffers need, and the open-files limit. It reads
 * {@code /proc} and then tries one real {@code io_uring_setup}, whose errno decides.
 *
 * {@snippet class=io.uring4j.snippets.ServerSnippets region=doctor}
 *
 * <p>The {@code /proc} paths are parameters ({@link Inputs}) so that a test can point them at
 * prepared files; {@link #check()} uses the real ones.
 */
public final class Doctor {
    /** The kernel release uring4j is written for. */
    public static final int NEEDS_MAJOR = 6;
    /** The kernel release uring4j is written for (minor). */
    public static final int NEEDS_MINOR = 18;
    /** {@code CAP_IPC_LOCK}'s bit in the capability sets of /proc/self/status (capability(7)). */
    private static final int CAP_IPC_LOCK = 14;
    /** {@code CAP_SYS_ADMIN}'s bit. */
    private static final int CAP_SYS_ADMIN = 21;

    private Doctor() {}

    /** How a check came out. */
    public enum Status {
        /** Fine. */
        OK,
        /** Not an obstacle now, but worth knowing. */
        WARN,
        /** Stops io_uring (or the planned use of it). */
        FAIL
    }

    /**
     * One check's outcome.
     *
     * @param check  what was checked ("kernel", "io_uring_disabled", "seccomp", "memlock", "nofile", "setup")
     * @param status how it came out
     * @param detail what was found
     * @param advice what to do, or empty when nothing is to be done
     */
    public record Finding(String check, Status status, String detail, String advice) {}

    /**
     * The findings of one run.
     *
     * @param findings every check's outcome, in order
     */
    public record Report(List<Finding> findings) {
        /** {@return true when no check failed: io_uring works here for the planned use} */
        public boolean usable() {
            return findings.stream().noneMatch(f -> f.status() == Status.FAIL);
        }

        /**
         * {@return the finding of {@code check}}
         *
         * @param check a check's name
         * @throws IllegalArgumentException when there is no such check
         */
        public Finding finding(String check) {
            return findings.stream().filter(f -> f.check().equals(check)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no check named " + check));
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder();
            for (Finding f : findings) {
                s.append(String.format("%-4s %-18s %s%n", f.status(), f.check(), f.detail()));
                if (!f.advice().isEmpty()) {
                    s.append(String.format("     %-18s -> %s%n", "", f.advice()));
                }
            }
            s.append(usable() ? "io_uring is usable here\n" : "io_uring is NOT usable here (see FAIL above)\n");
            return s.toString();
        }
    }

    /**
     * Where the doctor looks, and what the caller plans to use.
     *
     * @param procSysKernel      the directory holding {@code io_uring_disabled} and {@code io_uring_group}
     * @param procSelfStatus     the process's status file (seccomp mode, capabilities, groups)
     * @param procSelfLimits     the process's limits file
     * @param kernelRelease      the kernel release, as uname -r prints it
     * @param plannedLockedBytes bytes of registered buffers the caller plans (counted against the memlock limit)
     * @param plannedFds         file descriptors the caller plans to hold open at once
     */
    public record Inputs(Path procSysKernel, Path procSelfStatus, Path procSelfLimits, String kernelRelease,
            long plannedLockedBytes, long plannedFds) {
        /** Checks the arguments. */
        public Inputs {
            if (procSysKernel == null || procSelfStatus == null || procSelfLimits == null || kernelRelease == null) {
                throw new IllegalArgumentException("paths and kernelRelease must not be null");
            }
            if (plannedLockedBytes < 0 || plannedFds < 0) {
                throw new IllegalArgumentException("plannedLockedBytes and plannedFds must be >= 0; were "
                        + plannedLockedBytes + ", " + plannedFds);
            }
        }

        /**
         * {@return the running process's real /proc files and kernel release, with the given plans}
         *
         * @param plannedLockedBytes bytes of registered buffers planned
         * @param plannedFds         descriptors planned
         */
        public static Inputs current(long plannedLockedBytes, long plannedFds) {
            return new Inputs(Path.of("/proc/sys/kernel"), Path.of("/proc/self/status"), Path.of("/proc/self/limits"),
                    KernelVersion.current().release(), plannedLockedBytes, plannedFds);
        }
    }

    /** {@return the report for this process, planning 8 MiB of registered buffers and 1024 descriptors} */
    public static Report check() {
        return check(Inputs.current(8L << 20, 1024));
    }

    /**
     * Runs every check: reads the given files, then tries one real {@code io_uring_setup}.
     *
     * @param in where to look and what is planned
     * @return the findings
     */
    public static Report check(Inputs in) {
        List<Finding> out = new ArrayList<>();
        String status = read(in.procSelfStatus());
        long capEff = hex(field(status, "CapEff"));
        boolean ipcLock = capEff >= 0 && (capEff >> CAP_IPC_LOCK & 1) == 1;

        KernelVersion kernel = KernelVersion.parse(in.kernelRelease());
        out.add(kernel.atLeast(NEEDS_MAJOR, NEEDS_MINOR)
                ? new Finding("kernel", Status.OK, kernel.release() + " (uring4j needs " + NEEDS_MAJOR + "." + NEEDS_MINOR + ")", "")
                : new Finding("kernel", Status.FAIL, kernel.release() + " is older than " + NEEDS_MAJOR + "." + NEEDS_MINOR,
                        "run on Linux " + NEEDS_MAJOR + "." + NEEDS_MINOR + " or newer (older kernels lack opcodes and setup flags uring4j uses)"));

        Finding sysctl = disabled(in, status, capEff);
        out.add(sysctl);

        String mode = field(status, "Seccomp");
        String filters = field(status, "Seccomp_filters");
        boolean filtered = "2".equals(mode);
        out.add(switch (mode == null ? "" : mode) {
            case "0" -> new Finding("seccomp", Status.OK, "no seccomp filter", "");
            case "1" -> new Finding("seccomp", Status.FAIL, "strict seccomp mode: only read, write, exit and sigreturn",
                    "run outside seccomp strict mode");
            case "2" -> new Finding("seccomp", Status.WARN, "a seccomp filter is installed ("
                    + (filters == null ? "?" : filters) + " filters); the setup check below shows whether it allows io_uring", "");
            default -> new Finding("seccomp", Status.WARN, "unknown (no Seccomp line in " + in.procSelfStatus() + ")", "");
        });

        out.add(setup(sysctl, filtered));

        long memlock = limit(in.procSelfLimits(), "Max locked memory");
        if (memlock == UNLIMITED || memlock >= in.plannedLockedBytes()) {
            out.add(new Finding("memlock", Status.OK, "limit " + bytes(memlock) + " covers the planned "
                    + bytes(in.plannedLockedBytes()) + " of registered buffers", ""));
        } else if (ipcLock) {
            out.add(new Finding("memlock", Status.WARN, "limit " + bytes(memlock) + " is below the planned "
                    + bytes(in.plannedLockedBytes()) + ", but this process has CAP_IPC_LOCK, so the kernel does not"
                    + " count registered buffers against it", "without CAP_IPC_LOCK (e.g. not root) it would fail:"
                    + " raise it (ulimit -l, LimitMEMLOCK=, docker run --ulimit memlock=-1)"));
        } else {
            out.add(new Finding("memlock", Status.FAIL, "limit " + bytes(memlock) + " is below the planned "
                    + bytes(in.plannedLockedBytes()) + " of registered buffers (registering them fails with ENOMEM)",
                    "raise it: ulimit -l " + (in.plannedLockedBytes() + 1023) / 1024 + " (or unlimited), LimitMEMLOCK= in a"
                    + " systemd unit, docker run --ulimit memlock=-1, /etc/security/limits.conf memlock"));
        }

        long nofile = limit(in.procSelfLimits(), "Max open files");
        out.add(nofile == UNLIMITED || nofile >= in.plannedFds()
                ? new Finding("nofile", Status.OK, "limit " + (nofile == UNLIMITED ? "unlimited" : nofile)
                        + " covers the planned " + in.plannedFds() + " descriptors", "")
                : new Finding("nofile", Status.FAIL, "limit " + nofile + " is below the planned " + in.plannedFds()
                        + " descriptors (accept and open fail with EMFILE)",
                        "raise it: ulimit -n " + in.plannedFds() + ", LimitNOFILE= in a systemd unit, docker run --ulimit nofile="));
        return new Report(List.copyOf(out));
    }

    /** The io_uring_disabled sysctl (Linux 6.6) and, at 1, whether this process may use io_uring. */
    private static Finding disabled(Inputs in, String status, long capEff) {
        String value = read(in.procSysKernel().resolve("io_uring_disabled")).strip();
        String fix = "sysctl -w kernel.io_uring_disabled=0 (as root; persist it in /etc/sysctl.d)";
        switch (value) {
            case "" -> {
                return new Finding("io_uring_disabled", Status.OK, "no such sysctl (kernel before 6.6): io_uring is not switched off", "");
            }
            case "0" -> {
                return new Finding("io_uring_disabled", Status.OK, "0: io_uring is allowed for every process", "");
            }
            case "2" -> {
                return new Finding("io_uring_disabled", Status.FAIL, "2: io_uring is switched off for every process", fix);
            }
            case "1" -> {
                long gid = parse(read(in.procSysKernel().resolve("io_uring_group")).strip());
                // As the kernel decides: CAP_SYS_ADMIN always may; otherwise members of a valid group.
                boolean sysAdmin = capEff >= 0 && (capEff >> CAP_SYS_ADMIN & 1) == 1;
                boolean allowed = sysAdmin || gid != -1 && inGroup(status, gid);
                String who = gid == -1 ? "processes with CAP_SYS_ADMIN (io_uring_group is -1)"
                        : "members of group " + gid + " (io_uring_group) and processes with CAP_SYS_ADMIN";
                return allowed
                        ? new Finding("io_uring_disabled", Status.OK, "1: only " + who + "; this process is one", "")
                        : new Finding("io_uring_disabled", Status.FAIL, "1: only " + who + " may use io_uring; this process may not",
                                (gid == -1 ? "" : "add the user to group " + gid + ", or ") + fix);
            }
            default -> {
                return new Finding("io_uring_disabled", Status.WARN, "unexpected value '" + value + "'", "");
            }
        }
    }

    /** One real io_uring_setup; its errno, read with what the files said, names the cause. */
    private static Finding setup(Finding sysctl, boolean filtered) {
        try (Ring ring = Ring.open(1)) {
            return new Finding("setup", Status.OK, "io_uring_setup works (ring fd " + ring.fd() + ")", "");
        } catch (UringException e) {
            int errno = e.errnoValue();
            String name = Errno.nameOf(errno);
            if (errno == Errno.EPERM.value() || errno == Errno.EACCES.value()) {
                if (sysctl.status() == Status.FAIL) {
                    return new Finding("setup", Status.FAIL, "io_uring_setup: " + name + ", because of io_uring_disabled", sysctl.advice());
                }
                return new Finding("setup", Status.FAIL, "io_uring_setup: " + name + (filtered
                        ? " from the seccomp filter: container default profiles (Docker since 25.0, containerd,"
                        + " Podman) refuse io_uring_setup, io_uring_enter and io_uring_register with EPERM"
                        : " with io_uring allowed by sysctl: a security module (SELinux, AppArmor) refused it"),
                        "allow io_uring_setup, io_uring_enter and io_uring_register in the seccomp profile"
                        + " (docker run --security-opt seccomp=PROFILE.json, Kubernetes securityContext.seccompProfile),"
                        + " or run unconfined (--security-opt seccomp=unconfined)");
            }
            if (errno == Errno.ENOSYS.value()) {
                return new Finding("setup", Status.FAIL, "io_uring_setup: ENOSYS " + (filtered
                        ? "from the seccomp filter (systemd SystemCallFilter=, gVisor and some sandboxes answer ENOSYS)"
                        : "with no seccomp filter: the kernel is built without CONFIG_IO_URING"),
                        filtered ? "allow the io_uring system calls in the sandbox's filter" : "use a kernel built with CONFIG_IO_URING=y");
            }
            if (errno == Errno.ENOMEM.value()) {
                return new Finding("setup", Status.FAIL, "io_uring_setup: ENOMEM (memory for the rings)",
                        "raise the memlock limit (ulimit -l) or the cgroup's memory limit");
            }
            return new Finding("setup", Status.FAIL, "io_uring_setup: " + name + ": " + e.getMessage(), "");
        }
    }

    private static final long UNLIMITED = Long.MAX_VALUE;

    /** The soft limit {@code name} of a limits file: bytes or a count; {@link #UNLIMITED}; -1 when unknown. */
    private static long limit(Path limits, String name) {
        for (String line : read(limits).split("\n")) {
            if (line.startsWith(name)) {
                String soft = line.substring(name.length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? UNLIMITED : parse(soft);
            }
        }
        return -1;
    }

    private static boolean inGroup(String status, long gid) {
        String groups = field(status, "Groups");
        String gids = field(status, "Gid");
        for (String list : new String[] {groups, gids}) {
            if (list != null) {
                for (String g : list.trim().split("\\s+")) {
                    if (!g.isEmpty() && parse(g) == gid) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static String field(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return null;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long hex(String s) {
        try {
            return s == null ? -1 : Long.parseUnsignedLong(s, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String bytes(long n) {
        if (n == UNLIMITED) {
            return "unlimited";
        }
        return n < 0 ? "unknown" : n >= 1 << 20 && n % (1 << 20) == 0 ? (n >> 20) + " MiB" : n >= 1024 ? (n / 1024) + " KiB" : n + " B";
    }

    /**
     * Prints the report for this process: {@code java -cp ... io.uring4j.os.Doctor [LOCKED_BYTES [FDS]]}.
     * Exits 1 when io_uring is not usable.
     *
     * @param args optional planned registered-buffer bytes and descriptors
     */
    public static void main(String[] args) {
        long bytes = args.length > 0 ? Long.parseLong(args[0]) : 8L << 20;
        long fds = args.length > 1 ? Long.parseLong(args[1]) : 1024;
        Report report = check(Inputs.current(bytes, fds));
        System.out.print(report);
        System.exit(report.usable() ? 0 : 1);
    }
}
