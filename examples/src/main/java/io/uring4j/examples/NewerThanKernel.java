package io.uring4j.examples;

import io.uring4j.KernelVersion;
import io.uring4j.kernel.Opcode;
import io.uring4j.kernel.flags.QueryOp;
import io.uring4j.kernel.flags.RegisterOp;
import io.uring4j.kernel.flags.RwFlags;
import io.uring4j.kernel.flags.SetupFlags;
import io.uring4j.kernel.flags.SocketUringOp;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of the {@code probe} output that lists what the spec knows and the running kernel is
 * too old for: opcodes, setup flags, register opcodes, query types, socket commands and RWF flags,
 * each with the Linux version it needs (all from the spec). Requests using them fail with EINVAL on this kernel; uring4j's own tests
 * for them skip by name.
 */
final class NewerThanKernel {
    private NewerThanKernel() {}

    /**
     * One line per spec item newer than {@code kernel}: kind, name, and the version it needs.
     *
     * @param kernel the kernel to compare with
     * @return the lines, empty when the kernel is as new as the spec
     */
    static List<String> lines(KernelVersion kernel) {
        List<String> out = new ArrayList<>();
        for (Opcode op : Opcode.values()) {
            add(out, kernel, "opcode", op.name(), op.since());
        }
        for (int flag : SetupFlags.members()) {
            add(out, kernel, "setup", SetupFlags.describe(flag), SetupFlags.since(flag));
        }
        for (int op : RegisterOp.members()) {
            add(out, kernel, "register", RegisterOp.describe(op), RegisterOp.since(op));
        }
        for (int op : QueryOp.members()) {
            add(out, kernel, "query", QueryOp.describe(op), QueryOp.since(op));
        }
        for (int op : SocketUringOp.members()) {
            add(out, kernel, "sock-cmd", SocketUringOp.describe(op), SocketUringOp.since(op));
        }
        for (int flag : RwFlags.members()) {
            add(out, kernel, "rw-flag", RwFlags.describe(flag), RwFlags.since(flag));
        }
        return out;
    }

    private static void add(List<String> out, KernelVersion kernel, String kind, String name, String since) {
        if (since != null && !kernel.atLeast(since)) {
            out.add(String.format("  %-9s %-28s needs %s", kind, name, since));
        }
    }

    /**
     * Prints the section: a heading and {@link #lines}, or one line saying that nothing is newer.
     *
     * @param out    where to print
     * @param kernel the kernel to compare with
     */
    static void print(PrintStream out, KernelVersion kernel) {
        List<String> lines = lines(kernel);
        if (lines.isEmpty()) {
            out.println("newer    nothing in the spec is newer than this kernel");
            return;
        }
        out.println("newer    " + lines.size() + " spec items need a newer kernel than " + kernel.release() + ":");
        lines.forEach(out::println);
    }
}
