package io.uring4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.KernelVersion;
import io.uring4j.Probe;
import io.uring4j.Ring;
import io.uring4j.RingOptions;
import io.uring4j.Sqe;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.Opcode;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The test kit behind every generated {@code kernel()} test: one ring on the running kernel,
 * the scenario's named fixtures, the steps and checks its spec names, and the completions.
 *
 * <p>The generated code calls, in order: {@link #open}, fixture methods
 * ({@code sc.kind(name, args...)}), setup steps, prep calls on {@link #sqe()}, {@link #await}
 * and the {@code expect*} methods, then checks. A spec verb {@code snake_case} is the method
 * {@code camelCase}; numbers arrive as {@code long}, strings as {@code String}. References to
 * fixtures are {@code name} (the fixture's default value) or {@code name.property}.
 *
 * <p>Everything the scenario made is released by {@link #close()}: the ring first (so no request
 * in flight outlives its memory), then second rings, descriptors, children and memory.
 *
 * <p>The verbs live in one file per group: {@link FixtureVerbs}, {@link CheckVerbs}; the state
 * they share in {@link ScenarioState}. This class holds the requests, completions, references
 * and lifecycle.
 */
public final class OpScenario extends CheckVerbs implements AutoCloseable {
    private static volatile Probe probe;

    /** One completion, copied out of the CQ. */
    public record Completion(long userData, int res, int flags) {
        @Override
        public String toString() {
            return Completions.describe(this);
        }
    }

    private OpScenario(String entry, Ring ring) {
        super(entry, ring);
    }

    /**
     * Opens the scenario's ring, or aborts the test (a JUnit assumption) when the kernel's probe
     * lacks {@code op}, naming the kernel version that added it.
     *
     * @param op          the base opcode under test
     * @param entryName   the spec entry (the opcode or one of its variants)
     * @param ringOptions option words: {@code sqe128}, {@code sqe_mixed}, {@code cqe32}, {@code cqe_mixed}
     */
    public static OpScenario open(Opcode op, String entryName, String... ringOptions) {
        if (!probe().supports(op)) {
            String what = op.name().equals(entryName) ? "" : " (" + entryName + ")";
            Assumptions.abort("IORING_OP_" + op.name() + what + " needs Linux " + op.since()
                    + "; the running kernel " + KernelVersion.current().release() + " does not offer it");
        }
        return new OpScenario(entryName, Ring.open(options(ringOptions)));
    }

    private static Probe probe() {
        Probe p = probe;
        if (p == null) {
            p = Probe.kernel();
            probe = p;
        }
        return p;
    }

    private static RingOptions options(String... words) {
        RingOptions.Builder b = RingOptions.builder().entries(ENTRIES);
        for (String w : words) {
            switch (w) {
                case "sqe128" -> b.sqe128();
                case "sqe_mixed" -> b.sqeMixed();
                case "cqe32" -> b.cqe32();
                case "cqe_mixed" -> b.cqeMixed();
                default -> throw new IllegalArgumentException("unknown ring option word '" + w
                        + "' (known: sqe128, sqe_mixed, cqe32, cqe_mixed)");
            }
        }
        return b.build();
    }

    // ------------------------------------------------------------------ requests and completions

    /** The next SQE of the ring under test (submitting first if the SQ is full). */
    public Sqe sqe() {
        Sqe s = scene.ring.nextSqe();
        if (s == null) {
            scene.ring.submit();
            s = scene.ring.nextSqe();
        }
        if (s == null) {
            return Assertions.fail("the SQ stays full after a submit");
        }
        return s;
    }

    /** The next 128-byte entry, for the 128-byte opcodes: one SQE128 slot, or two slots of an SQE_MIXED ring. */
    public Sqe sqe128() {
        return scene.ring.nextSqe128();
    }

    /**
     * Submits what is queued and waits (at most {@link Completions#TIMEOUT_NANOS}) for the next
     * completion with {@code userData}; completions of other user_data are kept for later calls.
     */
    public Completion await(long userData) {
        return completions.await(userData, entry + "'s ring");
    }

    /** Step {@code submit}: hands what is queued to the kernel now, before the next steps run. */
    public void submit() {
        scene.ring.submit();
    }

    /** Asserts that the completion's res is exactly {@code expected}. */
    public void expectRes(Completion c, long expected) {
        assertEquals(expected, c.res(), () -> entry + ": res of " + c + " should be " + expected);
    }

    /** Asserts that the completion's res compares to {@code n} by {@code op}, one of {@code >= > <= < !=}. */
    public void expectRes(Completion c, String op, long n) {
        boolean ok = switch (op) {
            case ">=" -> c.res() >= n;
            case ">" -> c.res() > n;
            case "<=" -> c.res() <= n;
            case "<" -> c.res() < n;
            case "!=" -> c.res() != n;
            default -> throw new IllegalArgumentException("unknown comparison " + op);
        };
        assertTrue(ok, () -> entry + ": res of " + c + " should be " + op + " " + n);
    }

    /** Asserts that the completion failed with {@code errno} (res is {@code -errno}). */
    public void expectErrno(Completion c, Errno errno) {
        assertEquals(-errno.value(), c.res(), () -> entry + ": res of " + c + " should be -" + errno.name());
    }

    /** Every bit of {@code mask} ({@code names}, CqeFlags) must be set. */
    public void expectFlags(Completion c, int mask, String names) {
        assertEquals(mask, c.flags() & mask, () -> entry + ": flags of " + c + " should include " + names);
    }

    // ------------------------------------------------------------------ references

    /** A descriptor (or registered index) fixture value. */
    public int fd(String ref) {
        return scene.fd(ref);
    }

    /** A numeric fixture value passed as an int parameter (it must fit). */
    public int intValue(String ref) {
        return Math.toIntExact(scene.number(ref));
    }

    /** A numeric fixture value passed as a long parameter. */
    public long value(String ref) {
        return scene.number(ref);
    }

    /** An iovecs fixture passed as a checked iovec array. */
    public io.uring4j.IoVecs ioVecs(String ref) {
        return scene.typed(ref, io.uring4j.IoVecs.class);
    }

    /** A msghdr fixture passed as a checked message header. */
    public io.uring4j.net.MessageHeader messageHeader(String ref) {
        return scene.typed(ref, io.uring4j.net.MessageHeader.class);
    }

    /** A memory fixture value (buffer, struct, string) passed as a segment parameter. */
    public MemorySegment segment(String ref) {
        return scene.segment(ref);
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void close() throws Exception {
        scene.close();
    }

    @Override
    public String toString() {
        return "OpScenario[" + entry + ", " + scene.ring + "]";
    }
}
