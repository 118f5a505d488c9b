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
            case "cp" -> cp(args);
            case "echo" -> serve(args, false);
            case "http" -> serve(args, true);
            case "timeout" -> timeout(args);
            case "doctor" -> doctor(System.out);
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
        out.println("  cp SRC DST copy SRC to DST: linked READ_FIXED and WRITE_FIXED through registered buffers");
        out.println("  echo PORT [SECONDS]  a TCP echo server on 127.0.0.1:PORT (0: any port), for SECONDS or until killed");
        out.println("  http PORT [SECONDS]  a hello-world HTTP/1.1 server on 127.0.0.1:PORT, for SECONDS or until killed");
        out.println("  timeout [MILLIS]     a TIMEOUT request, then a read bounded by a LINK_TIMEOUT (default 100 ms)");
        out.println("  doctor     say whether io_uring can be used here and, if not, why and what to do");
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

    private static int cp(String[] args) {
        if (args.length != 3) {
            return usage(System.err, 2);
        }
        try {
            long n = CopyFile.copy(java.nio.file.Path.of(args[1]), java.nio.file.Path.of(args[2]));
            System.out.println("cp: " + n + " bytes");
            return 0;
        } catch (UringException | java.io.IOException e) {
            System.err.println("cp: " + e.getMessage());
            return 1;
        }
    }

    private static int serve(String[] args, boolean http) {
        if (args.length < 2 || args.length > 3) {
            return usage(System.err, 2);
        }
        java.net.InetSocketAddress address = new java.net.InetSocketAddress("127.0.0.1", Integer.parseInt(args[1]));
        long until = args.length == 3 ? System.nanoTime() + Long.parseLong(args[2]) * 1_000_000_000L : 0;
        java.util.function.BooleanSupplier stop = () -> args.length == 3 && System.nanoTime() - until >= 0;
        if (http) {
            HttpServer server = new HttpServer(address);
            System.out.println("http: listening on 127.0.0.1:" + server.port());
            server.serve(stop);
        } else {
            EchoServer server = new EchoServer(address);
            System.out.println("echo: listening on 127.0.0.1:" + server.port());
            server.serve(stop);
        }
        return 0;
    }

    private static int timeout(String[] args) {
        long millis = args.length > 1 ? Long.parseLong(args[1]) : 100;
        Timeouts.run(millis, System.out);
        return 0;
    }

    static int doctor(PrintStream out) {
        io.uring4j.os.Doctor.Report report = io.uring4j.os.Doctor.check();
        out.print(report);
        return report.usable() ? 0 : 1;
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
