package io.uring4j.os;

import io.uring4j.KernelVersion;
import io.uring4j.Ring;
import io.uring4j.kernel.Errno;
import io.uring4j.snippets.ServerSnippets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Doctor}: each condition made real where this machine allows — a child JVM under a
 * seccomp filter (installed through prctl by a small C helper compiled here with gcc), a child
 * under a lowered memlock limit (prlimit; as root and, through setpriv, as an unprivileged user),
 * and io_uring_disabled / io_uring_group values read from prepared files.
 */
class DoctorTest {
    @TempDir
    Path dir;

    private String capEff = "0000000000000000";

    private Path prepared(String disabled, String group, String groupsLine) throws IOException {
        Path sys = Files.createDirectories(dir.resolve("sys"));
        if (disabled != null) {
            Files.writeString(sys.resolve("io_uring_disabled"), disabled + "\n");
            Files.writeString(sys.resolve("io_uring_group"), group + "\n");
        } else {
            Files.deleteIfExists(sys.resolve("io_uring_disabled"));
            Files.deleteIfExists(sys.resolve("io_uring_group"));
        }
        Files.writeString(dir.resolve("status"), "Name:\tjava\nGid:\t1000\t1000\t1000\t1000\nGroups:\t" + groupsLine
                + "\nCapEff:\t" + capEff + "\nSeccomp:\t0\nSeccomp_filters:\t0\n");
        Files.writeString(dir.resolve("limits"), "Limit                     Soft Limit           Hard Limit           Units\n"
                + "Max open files            256                  4096                 files\n"
                + "Max locked memory         65536                65536                bytes\n");
        return sys;
    }

    private Doctor.Report prepared(String disabled, String group, String groups, long lockedBytes, long fds) throws IOException {
        Path sys = prepared(disabled, group, groups);
        return Doctor.check(new Doctor.Inputs(sys, dir.resolve("status"), dir.resolve("limits"),
                KernelVersion.current().release(), lockedBytes, fds));
    }

    @Test
    void thisProcessCanUseIoUring() {
        Doctor.Report report = ServerSnippets.doctor();
        assertTrue(report.usable(), report.toString());
        assertEquals(Doctor.Status.OK, report.finding("setup").status());
        assertEquals(Doctor.Status.OK, report.finding("kernel").status());
        assertTrue(report.toString().endsWith("io_uring is usable here\n"), report.toString());
    }

    @Test
    void ioUringDisabledValuesFromPreparedFiles() throws IOException {
        Doctor.Finding off = prepared("2", "-1", "", 0, 1).finding("io_uring_disabled");
        assertEquals(Doctor.Status.FAIL, off.status());
        assertTrue(off.advice().contains("sysctl -w kernel.io_uring_disabled=0"), off.advice());
        assertEquals(Doctor.Status.OK, prepared("0", "-1", "", 0, 1).finding("io_uring_disabled").status());
        Doctor.Finding member = prepared("1", "4242", "27 4242", 0, 1).finding("io_uring_disabled");
        assertEquals(Doctor.Status.OK, member.status(), member.toString());
        Doctor.Finding stranger = prepared("1", "4242", "27", 0, 1).finding("io_uring_disabled");
        assertEquals(Doctor.Status.FAIL, stranger.status());
        assertTrue(stranger.advice().contains("group 4242"), stranger.advice());
        Doctor.Finding noCap = prepared("1", "-1", "27", 0, 1).finding("io_uring_disabled");
        assertEquals(Doctor.Status.FAIL, noCap.status(), "-1: CAP_SYS_ADMIN only, and CapEff is empty");
        assertEquals(Doctor.Status.OK, prepared(null, null, "", 0, 1).finding("io_uring_disabled").status(),
                "no such file: a kernel before 6.6");
        capEff = "0000000000200000"; // CAP_SYS_ADMIN (bit 21) alone
        assertEquals(Doctor.Status.OK, prepared("1", "4242", "27", 0, 1).finding("io_uring_disabled").status(),
                "CAP_SYS_ADMIN may use io_uring at 1 whatever the group");
        assertEquals(Doctor.Status.OK, prepared("1", "-1", "", 0, 1).finding("io_uring_disabled").status());
        assertEquals(Doctor.Status.FAIL, prepared("2", "-1", "", 0, 1).finding("io_uring_disabled").status(),
                "2 stops everyone, CAP_SYS_ADMIN too");
    }

    @Test
    void limitsAndKernelFromPreparedFiles() throws IOException {
        Doctor.Report report = prepared("0", "-1", "", 1 << 20, 1024);
        Doctor.Finding memlock = report.finding("memlock");
        assertEquals(Doctor.Status.FAIL, memlock.status(), "64 KiB < 1 MiB and no CAP_IPC_LOCK");
        assertTrue(memlock.detail().contains("64 KiB") && memlock.detail().contains("1 MiB"), memlock.detail());
        assertTrue(memlock.advice().contains("ulimit -l 1024"), memlock.advice());
        assertEquals(Doctor.Status.FAIL, report.finding("nofile").status(), "256 < 1024");
        assertFalse(report.usable());
        assertEquals(Doctor.Status.OK, prepared("0", "-1", "", 4096, 100).finding("memlock").status());
        Path sys = prepared("0", "-1", "");
        Doctor.Report old = Doctor.check(new Doctor.Inputs(sys, dir.resolve("status"), dir.resolve("limits"),
                "6.1.0-13-amd64", 0, 1));
        assertEquals(Doctor.Status.FAIL, old.finding("kernel").status());
        assertTrue(old.finding("kernel").advice().contains("6.18"));
    }

    // ---------------------------------------------------------------- child processes

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String classPath() throws Exception {
        return Path.of(Ring.class.getProtectionDomain().getCodeSource().getLocation().toURI()) + ":"
                + Path.of(DoctorTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /**
     * The class path copied where the unprivileged child can read it: the build's own folders may
     * sit below a directory only root may enter (a CI checkout in a mktemp folder, say).
     */
    private static String readableClassPath() throws Exception {
        var open = java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x");
        Path root = Files.createTempDirectory(Path.of("/tmp"), "uring4j-doctor-cp",
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(open));
        Files.setPosixFilePermissions(root, open);
        StringBuilder cp = new StringBuilder();
        int i = 0;
        for (String entry : classPath().split(":")) {
            Path from = Path.of(entry);
            Path to = root.resolve("cp" + i++);
            try (var walk = Files.walk(from)) {
                for (Path f : walk.toList()) {
                    Path t = to.resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(t);
                    } else {
                        Files.copy(f, t);
                    }
                    Files.setPosixFilePermissions(t, open);
                }
            }
            cp.append(cp.isEmpty() ? "" : ":").append(to);
        }
        return cp.toString();
    }

    private record Result(int exit, String out) {}

    private Result run(List<String> command) throws Exception {
        Path out = dir.resolve("child-" + System.nanoTime());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child finished in 60 s: " + command);
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    private List<String> javaChild(String main, String... args) throws Exception {
        return javaChildOn(classPath(), main, args);
    }

    private List<String> javaChildOn(String cp, String main, String... args) {
        List<String> c = new ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED", "-Xshare:auto",
                "-cp", cp, main));
        c.addAll(List.of(args));
        return c;
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    private Path seccompHelper() throws Exception {
        Assumptions.assumeTrue(onPath("gcc"), "gcc is not installed: the seccomp helper cannot be built");
        Path src = dir.resolve("deny_io_uring.c");
        Files.writeString(src, """
                #include <linux/filter.h>
                #include <linux/seccomp.h>
                #include <stddef.h>
                #include <stdio.h>
                #include <stdlib.h>
                #include <sys/prctl.h>
                #include <sys/syscall.h>
                #include <unistd.h>
                /* deny_io_uring ERRNO PROGRAM ARGS...: io_uring_setup fails with ERRNO, then exec PROGRAM. */
                int main(int argc, char **argv) {
                    struct sock_filter filter[] = {
                        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
                        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_io_uring_setup, 0, 1),
                        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (atoi(argv[1]) & SECCOMP_RET_DATA)),
                        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
                    };
                    struct sock_fprog prog = { sizeof filter / sizeof filter[0], filter };
                    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)) {
                        perror("seccomp");
                        return 99;
                    }
                    execv(argv[2], argv + 2);
                    perror("execv");
                    return 98;
                }
                """);
        Path bin = dir.resolve("deny_io_uring");
        Result cc = run(List.of("gcc", "-O1", "-o", bin.toString(), src.toString()));
        assertEquals(0, cc.exit(), cc.out());
        return bin;
    }

    private void seccompChild(Errno errno, String expected) throws Exception {
        List<String> command = new ArrayList<>(List.of(seccompHelper().toString(), Integer.toString(errno.value())));
        command.addAll(javaChild(Doctor.class.getName(), "0", "16"));
        Result r = run(command);
        assertEquals(1, r.exit(), "not usable under the filter:\n" + r.out());
        assertTrue(r.out().contains("WARN seccomp") && r.out().contains("a seccomp filter is installed"), r.out());
        assertTrue(r.out().contains("FAIL setup") && r.out().contains(expected), r.out());
        assertTrue(r.out().contains("io_uring is NOT usable here"), r.out());
    }

    @Test
    void aSeccompFilterAnsweringEpermIsNamedWithTheContainerAdvice() throws Exception {
        seccompChild(Errno.EPERM, "EPERM from the seccomp filter");
    }

    @Test
    void aSeccompFilterAnsweringEnosysIsNotMistakenForAKernelWithoutIoUring() throws Exception {
        seccompChild(Errno.ENOSYS, "ENOSYS from the seccomp filter");
    }

    /** Runs DoctorChild under a 64 KiB memlock limit, planning 1 MiB; returns its two lines. */
    private String memlockChild(String... prefix) throws Exception {
        return memlockChildOn(classPath(), prefix);
    }

    private String memlockChildOn(String cp, String... prefix) throws Exception {
        Assumptions.assumeTrue(onPath("prlimit"), "prlimit is not installed: the memlock limit cannot be lowered");
        List<String> command = new ArrayList<>(List.of(prefix));
        command.addAll(List.of("prlimit", "--memlock=65536:65536"));
        command.addAll(javaChildOn(cp, DoctorChild.class.getName(), Long.toString(1 << 20)));
        Result r = run(command);
        assertEquals(0, r.exit(), r.out());
        return r.out();
    }

    @Test
    void theMemlockVerdictMatchesWhatTheKernelDoes() throws Exception {
        String out = memlockChild();
        // The doctor's verdict must agree with the kernel: FAIL <=> registering 1 MiB fails with ENOMEM.
        if (out.contains("memlock FAIL")) {
            assertTrue(out.contains("register ENOMEM"), out);
        } else {
            assertTrue(out.contains("memlock WARN") && out.contains("register ok"),
                    "with CAP_IPC_LOCK (root) the limit is not enforced, and the doctor says so:\n" + out);
        }
    }

    @Test
    void withoutCapIpcLockTheLoweredMemlockLimitFails() throws Exception {
        boolean root = Files.readString(Path.of("/proc/self/status")).lines()
                .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[2].equals("0"));
        Assumptions.assumeTrue(root && onPath("setpriv"), "needs root and setpriv to run a child as an unprivileged user");
        String out = memlockChildOn(readableClassPath(), "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
        assertTrue(out.contains("memlock FAIL"), out);
        assertTrue(out.contains("register ENOMEM"), "the kernel enforces the limit for an unprivileged user:\n" + out);
    }
}
