package io.uring4j.generator.model;

import java.util.List;
import java.util.Map;

/**
 * The kernel test of one opcode entry, as the spec states it (see spec/README.md, "Scenarios").
 * Fixtures, setup steps and checks are calls of the test kit by verb; the call under test and
 * the requests around it are prep calls on the ring.
 *
 * @param ring     ring option words for the kit (e.g. sqe128)
 * @param fixtures named resources, created in order
 * @param before   steps run before the call under test: kit calls or requests
 * @param call     the request under test (its op is the scenario's opcode entry)
 * @param after    requests queued right after it (e.g. a LINK_TIMEOUT)
 * @param expect   what the call's completion must show
 * @param also     other completions that must arrive, by user_data
 * @param checks   kit assertions after the completion
 */
public record Scenario(List<String> ring, List<KitCall> fixtures, List<Step> before, Request call,
                       List<Request> after, Expect expect, List<Expect> also, List<KitCall> checks, Loc loc) {
    public Scenario {
        ring = List.copyOf(ring);
        fixtures = List.copyOf(fixtures);
        before = List.copyOf(before);
        after = List.copyOf(after);
        also = List.copyOf(also);
        checks = List.copyOf(checks);
    }

    /** A call of the test kit: {@code verb(name?, args...)}; args are strings or numbers as text. */
    public record KitCall(String verb, String name, List<Arg> args, Loc loc) {}

    /**
     * A kit argument: a number, a string, {@code $res} (the completion's result), or a constant
     * expression ({@code Family.NAME} terms joined with {@code |}), which the generator resolves.
     */
    public record Arg(String text, boolean number) {
        private static final java.util.regex.Pattern CONSTANT = java.util.regex.Pattern.compile(
                "[A-Z][A-Za-z0-9]*\\.[A-Z][A-Z0-9_]*(\\s*\\|\\s*([A-Z][A-Za-z0-9]*\\.[A-Z][A-Z0-9_]*|-?[0-9]+|0x[0-9a-fA-F]+))*");

        /** True for a string that is a constant expression such as {@code OpenFlags.CREAT|OpenFlags.RDWR}. */
        public boolean constant() {
            return !number && CONSTANT.matcher(text.trim()).matches();
        }
    }

    /** A step before the call: exactly one of kit or request is set. */
    public record Step(KitCall kit, Request request) {}

    /** A prep call: opcode entry, parameter values as text, SQE flag names and user_data. */
    public record Request(String op, Map<String, String> args, List<String> flags, long userData, Loc loc) {}

    /**
     * Expected completion: {@code res} is an integer, an errno name (meaning -errno), a comparison
     * ({@code ">= 0"}, {@code "> 0"}) or {@code "any"}; {@code flags} are CqeFlags names that must be set.
     */
    public record Expect(long userData, String res, List<String> flags, Loc loc) {}
}
