package io.uring4j.generator.load;

import io.uring4j.generator.model.Scenario;
import io.uring4j.generator.model.Scenario.Arg;
import io.uring4j.generator.model.Scenario.Expect;
import io.uring4j.generator.model.Scenario.KitCall;
import io.uring4j.generator.model.Scenario.Request;
import io.uring4j.generator.model.Scenario.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads an opcode's {@code test:} mapping into a {@link Scenario} (shape only; references are validated later). */
final class ScenarioParser {
    /** user_data of the call under test when the scenario does not give one. */
    static final long DEFAULT_USER_DATA = 0x5EEDL;
    private static final Set<String> KEYS = Set.of("ring", "fixtures", "before", "args", "flags", "user_data",
            "after", "expect", "also", "checks");
    private static final Set<String> REQUEST_KEYS = Set.of("op", "args", "flags", "user_data");
    private static final Set<String> EXPECT_KEYS = Set.of("user_data", "res", "flags");

    private ScenarioParser() {}

    static Scenario parse(Node node, String opcode, KitVerbs verbs) {
        Entry e = new Entry(node, "opcode " + opcode + ", test").allowOnly(KEYS);
        List<KitCall> fixtures = new ArrayList<>();
        for (Node f : e.list("fixtures")) {
            fixtures.add(kit(f, opcode, true, verbs));
        }
        List<Step> before = new ArrayList<>();
        for (Node s : e.list("before")) {
            if (s instanceof Node.MapNode m && m.entries().containsKey("op")) {
                before.add(new Step(null, request(s, opcode, 0)));
            } else {
                before.add(new Step(kit(s, opcode, false, verbs), null));
            }
        }
        Request call = new Request(opcode, args(e, "args"), e.strings("flags"),
                e.number("user_data", DEFAULT_USER_DATA), e.loc());
        List<Request> after = new ArrayList<>();
        for (Node a : e.list("after")) {
            after.add(request(a, opcode, 0));
        }
        if (e.raw("expect") == null) {
            throw new SpecException(e.loc(), e.what(), "required-key", "a test needs 'expect' (at least res)");
        }
        Expect expect = expect(e.raw("expect"), opcode, call.userData());
        List<Expect> also = new ArrayList<>();
        for (Node a : e.list("also")) {
            Entry ae = new Entry(a, "opcode " + opcode + ", test also");
            also.add(expect(a, opcode, ae.number("user_data")));
        }
        List<KitCall> checks = new ArrayList<>();
        for (Node c : e.list("checks")) {
            checks.add(kit(c, opcode, false, verbs));
        }
        return new Scenario(e.strings("ring"), fixtures, before, call, after, expect, also, checks, e.loc());
    }

    private static Request request(Node n, String opcode, long fallbackUserData) {
        Entry r = new Entry(n, "opcode " + opcode + ", test request").allowOnly(REQUEST_KEYS);
        return new Request(r.str("op"), args(r, "args"), r.strings("flags"), r.number("user_data", fallbackUserData),
                r.loc());
    }

    private static Expect expect(Node n, String opcode, long userData) {
        Entry x = new Entry(n, "opcode " + opcode + ", test expect").allowOnly(EXPECT_KEYS);
        return new Expect(userData, x.str("res"), x.strings("flags"), x.loc());
    }

    private static Map<String, String> args(Entry e, String key) {
        Map<String, String> out = new LinkedHashMap<>();
        Node n = e.raw(key);
        if (n == null) {
            return out;
        }
        Entry a = new Entry(n, e.what() + " " + key);
        if (n instanceof Node.MapNode m) {
            for (String k : m.entries().keySet()) {
                out.put(k, a.str(k));
            }
        }
        return out;
    }

    /**
     * {@code {verb: value}} or, for fixtures, {@code {name: x, verb: value}}; value a scalar, a list,
     * a mapping by argument name, or empty; checked against the declared verbs.
     */
    private static KitCall kit(Node n, String opcode, boolean named, KitVerbs verbs) {
        if (!(n instanceof Node.MapNode m)) {
            throw new SpecException(n.loc(), "opcode " + opcode + ", test", "shape", "a kit step is a mapping {verb: args}");
        }
        String name = null;
        String verb = null;
        Node value = null;
        for (var en : m.entries().entrySet()) {
            if (named && en.getKey().equals("name")) {
                name = ((Node.Scalar) en.getValue()).text();
            } else if (verb == null) {
                verb = en.getKey();
                value = en.getValue();
            } else {
                throw new SpecException(n.loc(), "opcode " + opcode + ", test", "shape",
                        "a kit step has one verb; found '" + verb + "' and '" + en.getKey() + "'");
            }
        }
        if (verb == null || (named && name == null)) {
            throw new SpecException(n.loc(), "opcode " + opcode + ", test", "shape",
                    named ? "a fixture is {name: x, kind: args}" : "a kit step needs a verb");
        }
        List<Arg> args = new ArrayList<>();
        for (Node.Scalar s : verbs.bind(verb, named, value, n.loc(), "opcode " + opcode + ", test")) {
            args.add(new Arg(s.text(), !s.string()));
        }
        return new KitCall(verb, name, args, n.loc());
    }
}
