package io.uring4j.examples;

import io.uring4j.KernelVersion;
import io.uring4j.Probe;
import io.uring4j.Ring;
import io.uring4j.RingOptions;
import io.uring4j.UringException;
import io.uring4j.kernel.Opcode;
import io.uring4j.kernel.flags.SetupFlags;
import java.io.PrintStream;

/**
 * The uring4j command line. {@code probe} reports the kernel, the features of a default ring and,
 * for every opcode in the spec, whether this kernel supports it.
 */
public final class Cli {
    private Cli() {}

    /** Entry point: {@code Cli probe}. */
    public static void main(String[] args) {
        String command = args.length == 0 ? "help" : args[0];
        int status = switch (command) {
            case "probe" -> probe(System.out);
            case "cat" -> cat(args);
            case "help", "-h", "--help" -> usage(System.out, 0);
            default -> usage(System.err, 2);
        };
        if (status != 0) {
            System.exit(status);
        }
    }

    private static int usage(PrintStream out, int status) {
        out.println("usage: uring4j <command>");
        out.println("  probe      show the kernel, the ring features and which io_uring opcodes this kernel supports");
        out.println("  cat FILE   copy FILE to standard output through OPENAT, READ and CLOSE on a ring");
        return status;
    }

    private static int cat(String[] args) {
        if (args.length != 2) {
            return usage(System.err, 2);
        }
        try {
            CatFile.cat(args[1], System.out);
            System.out.flush();
            return 0;
        } catch (UringException | java.io.IOException e) {
            System.err.println("cat: " + e.getMessage());
            return 1;
        }
    }

    static int probe(PrintStream out) {
        KernelVersion kernel = KernelVersion.current();
        out.println("kernel   " + kernel.release());
        try (Ring ring = Ring.open(RingOptions.builder().entries(8).build())) {
            out.println("ring     " + SetupFlags.describe(ring.setupFlags()).replace('|', ' ')
                    + " (sq " + ring.sqEntries() + ", cq " + ring.cqEntries() + ")");
            out.println("features " + ring.describeFeatures().replace('|', ' '));
            Probe probe = ring.probe();
            out.println("probe    last opcode " + probe.lastOp() + ", " + probe.supportedCount() + " supported");
            NewerThanKernel.print(out, kernel);
            out.println();
            out.printf("%-18s %5s  %-6s %s%n", "opcode", "value", "since", "this kernel");
            int supported = 0;
            for (Opcode op : Opcode.values()) {
                boolean yes = probe.supports(op);
                if (yes) {
                    supported++;
                }
                String note = yes ? "yes" : kernel.atLeast(op.since()) ? "no (not built in?)" : "no (needs " + op.since() + ")";
                out.printf("%-18s %5d  %-6s %s%n", op.name(), op.value(), op.since(), note);
            }
            out.println();
            out.println(supported + " of " + Opcode.values().length + " opcodes supported");
            return 0;
        } catch (UringException e) {
            out.println("io_uring is not usable here: " + e.getMessage());
            return 1;
        }
    }
}
