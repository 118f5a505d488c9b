package io.uring4j.generator.load;

import io.uring4j.generator.model.Opcode;
import io.uring4j.generator.model.Param;
import io.uring4j.generator.model.Scenario;
import io.uring4j.generator.model.Scenario.Expect;
import io.uring4j.generator.model.Scenario.KitCall;
import io.uring4j.generator.model.Scenario.Request;
import io.uring4j.generator.model.Scenario.Step;
import io.uring4j.generator.model.Spec;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** Cross-references of a test scenario: opcodes, parameters, constants, fixtures, flags and errnos. */
final class ScenarioValidator {
    private static final Pattern FIXTURE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)?");
    private static final Pattern COMPARISON = Pattern.compile("(>=|>|<=|<|!=)\\s*-?[0-9]+");

    private ScenarioValidator() {}

    static void validate(Spec spec, Opcode o) {
        Scenario s = o.test();
        if (s == null) {
            return;
        }
        String what = "opcode " + o.name() + ", test";
        Set<String> fixtures = new HashSet<>();
        for (KitCall f : s.fixtures()) {
            if (!FIXTURE.matcher(f.name()).matches() || f.name().contains(".")) {
                throw new SpecException(f.loc(), what, "fixture-name", "fixture names are lower snake_case: " + f.name());
            }
            if (!fixtures.add(f.name())) {
                throw new SpecException(f.loc(), what, "fixture-name", "fixture " + f.name() + " is defined twice");
            }
        }
        for (Step step : s.before()) {
            if (step.request() != null) {
                request(spec, step.request(), fixtures, what);
            } else {
                kitConstants(spec, step.kit(), what);
            }
        }
        for (KitCall f : s.fixtures()) {
            kitConstants(spec, f, what);
        }
        for (KitCall c : s.checks()) {
            kitConstants(spec, c, what);
        }
        request(spec, s.call(), fixtures, what);
        for (Request r : s.after()) {
            request(spec, r, fixtures, what);
        }
        expect(spec, s.expect(), what);
        for (Expect e : s.also()) {
            expect(spec, e, what);
        }
    }

    /** Constant expressions among a kit call's arguments must resolve. */
    private static void kitConstants(Spec spec, KitCall k, String what) {
        for (Scenario.Arg a : k.args()) {
            if (a.constant() && Constants.resolve(a.text(), spec.families()).isEmpty()) {
                throw new SpecException(k.loc(), what, "constant-ref", "'" + a.text() + "' in " + k.verb()
                        + " is not a Family.NAME expression of known families and values");
            }
        }
    }

    private static void request(Spec spec, Request r, Set<String> fixtures, String what) {
        Opcode op = spec.opcode(r.op()).orElseThrow(() -> new SpecException(r.loc(), what, "test-op",
                "unknown opcode entry " + r.op()));
        for (String name : r.args().keySet()) {
            if (op.params().stream().noneMatch(p -> p.name().equals(name))) {
                throw new SpecException(r.loc(), what, "test-arg", op.name() + " has no parameter '" + name + "'");
            }
        }
        for (Param p : op.params()) {
            String v = r.args().get(p.name());
            if (v == null) {
                if (p.required()) {
                    throw new SpecException(r.loc(), what, "test-arg", op.name() + " needs a value for '" + p.name() + "'");
                }
                continue;
            }
            if (Constants.isConstant(v)) {
                if (Constants.resolve(v, spec.families()).isEmpty()) {
                    throw new SpecException(r.loc(), what, "constant-ref", "'" + v + "' for " + p.name()
                            + " is not a number or Family.NAME expression");
                }
                if (p.type().isSegment() || p.type().isTypedMemory()) {
                    throw new SpecException(r.loc(), what, "test-arg", p.name() + " is memory; give a fixture");
                }
            } else if (!v.equals("null")) {
                if (!FIXTURE.matcher(v).matches() || !fixtures.contains(v.split("\\.")[0])) {
                    throw new SpecException(r.loc(), what, "fixture-ref", "'" + v + "' for " + p.name()
                            + " names no fixture (fixtures: " + fixtures.stream().sorted().toList() + ")");
                }
            } else if (!p.nullable()) {
                throw new SpecException(r.loc(), what, "test-arg", p.name() + " is not nullable");
            }
        }
        var sqeFlags = spec.family("SqeFlags");
        for (String f : r.flags()) {
            if (sqeFlags.isEmpty() || sqeFlags.get().value(f).isEmpty()) {
                throw new SpecException(r.loc(), what, "test-flag", "SQE flag " + f + " is not in SqeFlags");
            }
        }
    }

    private static void expect(Spec spec, Expect e, String what) {
        String res = e.res().trim();
        boolean ok = res.equals("any") || res.matches("-?[0-9]+") || COMPARISON.matcher(res).matches()
                || spec.errnos().stream().anyMatch(x -> x.name().equals(res));
        if (!ok) {
            throw new SpecException(e.loc(), what, "test-res", "res '" + res
                    + "' is not a number, an errno name, a comparison like '>= 0', or 'any'");
        }
        var cqeFlags = spec.family("CqeFlags");
        for (String f : e.flags()) {
            if (cqeFlags.isEmpty() || cqeFlags.get().value(f).isEmpty()) {
                throw new SpecException(e.loc(), what, "cqe-flag-ref", "CQE flag " + f + " is not in CqeFlags");
            }
        }
    }
}
