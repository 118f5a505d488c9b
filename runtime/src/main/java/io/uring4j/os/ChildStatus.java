package io.uring4j.os;

import io.uring4j.Sqe;
import io.uring4j.kernel.flags.ChildCode;
import io.uring4j.kernel.flags.WaitOptions;
import io.uring4j.kernel.flags.WaitidType;
import io.uring4j.kernel.structs.Siginfo;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The state of a child process as {@code WAITID} reports it: a reusable {@code siginfo_t} the
 * kernel fills in, read as pid, code (exited, killed, stopped...) and status.
 *
 * <p>Start the child without a JVM reaper racing for it: {@link ProcessSpawn#spawn} (a
 * {@link ProcessBuilder} child is reaped by a JVM thread, which may take the status first and
 * leave the ring with {@code -ECHILD}). Then {@link #prepareWaitExit(Sqe, int)} reaps it; once the
 * completion has {@code res} 0, read the fields. Reading allocates nothing.
 *
 * <p>Example:
 * <pre>{@code
 * int pid = ProcessSpawn.spawn("/bin/sh", "-c", "exit 3");
 * ChildStatus status = ChildStatus.allocate(arena);
 * status.prepareWaitExit(ring.nextSqe(), pid).userData(REAP);
 * ring.submitAndWait(1);
 * // cqe.res() == 0: status.exited() is true, status.exitStatus() is 3
 * }</pre>
 */
public final class ChildStatus {
    private final MemorySegment info;

    private ChildStatus(MemorySegment info) {
        this.info = info;
    }

    /**
     * A zeroed siginfo in {@code arena}.
     *
     * @param arena owns the memory made here; it must outlive every request that uses it
     * @return a status over new {@code siginfo} memory
     * @throws IllegalArgumentException when arena is null
     */
    public static ChildStatus allocate(Arena arena) {
        if (arena == null) {
            throw new IllegalArgumentException("arena must not be null");
        }
        return new ChildStatus(arena.allocate(Siginfo.LAYOUT));
    }

    /**
     * Prepares {@code sqe} to wait until child {@code pid} terminates and reap it, filling this
     * siginfo ({@code WAITID} with {@code P_PID} and {@code WEXITED}). Clears the siginfo first.
     *
     * @param sqe the SQE to fill (from {@code Ring.nextSqe()})
     * @param pid the child's process id
     * @return the sqe, to add flags and user_data
     * @throws IllegalArgumentException when pid is not positive
     */
    public Sqe prepareWaitExit(Sqe sqe, int pid) {
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be a process id > 0; was " + pid);
        }
        info.fill((byte) 0);
        return sqe.waitid(WaitidType.PID, pid, WaitOptions.EXITED, info);
    }

    /** {@return the siginfo for {@link Sqe#waitid(int, int, int, MemorySegment)} with other id types or options} */
    public MemorySegment segment() {
        return info;
    }

    /** {@return the child's process id (0 when WNOHANG found no child to report)} */
    public int pid() {
        return Siginfo.siPid(info, 0);
    }

    /** {@return the child's real user id} */
    public int uid() {
        return Siginfo.siUid(info, 0);
    }

    /** {@return the signal reported: {@code SignalNr.CHLD} for a child, 0 when nothing was reported} */
    public int signo() {
        return Siginfo.siSigno(info, 0);
    }

    /** {@return what happened ({@link ChildCode})} */
    public int code() {
        return Siginfo.siCode(info, 0);
    }

    /** {@return the raw status: the exit status when {@link #exited()}, else the signal number} */
    public int status() {
        return Siginfo.siStatus(info, 0);
    }

    /** {@return true when the child called exit} */
    public boolean exited() {
        return code() == ChildCode.EXITED;
    }

    /** {@return true when a signal killed the child (with or without a core dump)} */
    public boolean killed() {
        int c = code();
        return c == ChildCode.KILLED || c == ChildCode.DUMPED;
    }

    /**
     * The exit status (0..255).
     *
     * @return the exit status, 0 to 255
     * @throws IllegalStateException when the child did not exit normally
     */
    public int exitStatus() {
        if (!exited()) {
            throw new IllegalStateException("the child did not exit normally: " + this);
        }
        return status();
    }

    /**
     * The signal that killed or stopped the child.
     *
     * @return the signal number
     * @throws IllegalStateException when the child exited normally or nothing was reported
     */
    public int signal() {
        int c = code();
        if (c == ChildCode.EXITED || signo() == 0) {
            throw new IllegalStateException("no signal to report: " + this);
        }
        return status();
    }

    @Override
    public String toString() {
        if (signo() == 0) {
            return "ChildStatus[nothing reported]";
        }
        return "ChildStatus[pid " + pid() + " " + ChildCode.describe(code())
                + (exited() ? " status " : " signal ") + status() + "]";
    }
}
