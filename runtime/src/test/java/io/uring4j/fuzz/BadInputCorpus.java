package io.uring4j.fuzz;

import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.Sqe;
import io.uring4j.UringException;
import io.uring4j.fuzz.BadInput.Expect;
import io.uring4j.kernel.Errno;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the bad-input corpus in this JVM and prints one line per case, so a parent that watches
 * this process (see {@code BadInputCorpusTest}) knows the last case reached if the JVM dies:
 * {@code CASE <n> <outcome> <name> | <detail>}, then {@code DONE <counts>}. Exit status 0 when every
 * outcome is one its case allows, 3 when some is not.
 *
 * <p>Arguments: {@code [stride]}: run every stride-th case (1, the default, runs all).
 */
public final class BadInputCorpus {
    /** How a case ended. */
    enum Outcome { REFUSED, ERRNO, COMPLETED, WRONG }

    private static final long FIRST_USER_DATA = 0x1_0000L;
    private static final Duration WAIT = Duration.ofMillis(200);

    private BadInputCorpus() {}

    /** {@return every case, prep methods first} */
    static List<BadInput> cases() {
        List<BadInput> all = new ArrayList<>(PrepCases.all());
        all.addAll(ApiCases.all());
        return all;
    }

    public static void main(String[] args) {
        int stride = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        PrintStream out = System.out;
        List<BadInput> cases = cases();
        int[] counts = new int[Outcome.values().length];
        int run = 0;
        try (Kit kit = new Kit()) {
            for (int i = 0; i < cases.size(); i += stride) {
                BadInput c = cases.get(i);
                out.println("START " + i + " " + c.name());
                out.flush();
                String[] detail = new String[1];
                Outcome o = runOne(kit, c, FIRST_USER_DATA + i, detail);
                counts[o.ordinal()]++;
                run++;
                out.println("CASE " + i + " " + o + " " + c.name() + " | " + detail[0]);
                out.flush();
            }
        }
        out.println("DONE total=" + cases.size() + " run=" + run + " refused=" + counts[0] + " errno=" + counts[1]
                + " completed=" + counts[2] + " wrong=" + counts[3]);
        out.flush();
        System.exit(counts[Outcome.WRONG.ordinal()] == 0 ? 0 : 3);
    }

    private static Outcome runOne(Kit kit, BadInput c, long userData, String[] detail) {
        kit.freshFd();
        try {
            c.action().run(kit);
        } catch (IllegalArgumentException | IllegalStateException e) {
            kit.takeSqe();
            String msg = String.valueOf(e.getMessage());
            detail[0] = e.getClass().getSimpleName() + ": " + msg;
            boolean named = msg.contains(c.param());
            return named ? Outcome.REFUSED : wrong(detail, "refusal does not name " + c.param());
        } catch (UringException e) {
            kit.takeSqe();
            detail[0] = "UringException " + e.errno() + ": " + e.getMessage();
            return e.errno() != null && c.expect() != Expect.REFUSED ? Outcome.ERRNO
                    : wrong(detail, "expected a refusal before the kernel");
        } catch (Throwable t) {
            kit.takeSqe();
            detail[0] = t.toString();
            return wrong(detail, "not a refusal by name nor a typed errno");
        }
        Sqe sqe = kit.takeSqe();
        if (sqe == null) {
            detail[0] = "accepted, no request";
            settle(kit);
            return c.expect() == Expect.DEFINED ? Outcome.COMPLETED : wrong(detail, "accepted silently");
        }
        sqe.userData(userData);
        int res = await(kit, kit.takenFrom(), userData);
        if (res == Integer.MIN_VALUE) {
            detail[0] = "no completion";
            return wrong(detail, "no completion even after cancel");
        }
        if (res < 0) {
            Errno e = Errno.of(-res);
            detail[0] = "res " + res + " " + e;
            return e != null && c.expect() != Expect.REFUSED ? Outcome.ERRNO
                    : wrong(detail, e == null ? "errno without a name" : "expected a refusal before the kernel");
        }
        detail[0] = "res " + res;
        return c.expect() == Expect.DEFINED ? Outcome.COMPLETED : wrong(detail, "succeeded");
    }

    private static Outcome wrong(String[] detail, String why) {
        detail[0] = why + " -- " + detail[0];
        return Outcome.WRONG;
    }

    /** Submits and waits for {@code userData}; cancels it when it does not complete within {@link #WAIT}. */
    private static int await(Kit kit, Ring ring, long userData) {
        int[] res = {Integer.MIN_VALUE};
        long deadline = System.nanoTime() + WAIT.toNanos();
        boolean cancelled = false;
        while (res[0] == Integer.MIN_VALUE) {
            ring.submitAndWait(1, Duration.ofMillis(20));
            ring.drain(cqe -> take(cqe, userData, res));
            if (res[0] != Integer.MIN_VALUE) {
                break;
            }
            if (System.nanoTime() > deadline) {
                if (cancelled) {
                    return res[0];
                }
                // A legal request that waits (a futex, a poll): cancel it and take its -ECANCELED.
                ring.nextSqe().asyncCancel(userData).userData(0);
                cancelled = true;
                deadline = System.nanoTime() + WAIT.toNanos() * 5;
            }
        }
        settle(kit);
        return res[0];
    }

    private static void take(Cqe cqe, long userData, int[] res) {
        if (cqe.userData() == userData && res[0] == Integer.MIN_VALUE) {
            res[0] = cqe.res();
        }
    }

    /** Submits what a case left queued and reaps what is ready, so the next case starts clean. */
    private static void settle(Kit kit) {
        try {
            kit.ring.submit();
            kit.ring.drain(cqe -> { });
        } catch (RuntimeException e) {
            // A case may leave the ring in a state that refuses more; the next case shows it.
        }
    }
}
