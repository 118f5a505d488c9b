package io.uring4j.generator.load;

import io.uring4j.generator.model.Loc;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scenario kit's verbs as the spec declares them ({@code kit_verbs}): a misspelt verb, a wrong
 * argument count or an unknown argument name fails at load with the file and line, not at javac.
 * With no declaration at all (a spec without scenarios) nothing is checked.
 */
final class KitVerbs {
    /** One verb: argument names in call order, how many are required, whether the last repeats. */
    record Verb(String name, List<String> args, int required, boolean variadic) {}

    private final Map<String, Verb> fixtures;
    private final Map<String, Verb> actions;

    private KitVerbs(Map<String, Verb> fixtures, Map<String, Verb> actions) {
        this.fixtures = fixtures;
        this.actions = actions;
    }

    static KitVerbs parse(Entry top) {
        Map<String, Verb> fixtures = new LinkedHashMap<>();
        Map<String, Verb> actions = new LinkedHashMap<>();
        read(top, "fixtures", fixtures);
        read(top, "actions", actions);
        return new KitVerbs(fixtures, actions);
    }

    static KitVerbs merge(List<KitVerbs> all) {
        Map<String, Verb> fixtures = new LinkedHashMap<>();
        Map<String, Verb> actions = new LinkedHashMap<>();
        for (KitVerbs k : all) {
            fixtures.putAll(k.fixtures);
            actions.putAll(k.actions);
        }
        return new KitVerbs(fixtures, actions);
    }

    private static void read(Entry top, String key, Map<String, Verb> into) {
        for (Entry e : top.entries(key, "kit verb")) {
            e.allowOnly(java.util.Set.of("verb", "args"));
            String name = e.str("verb");
            List<String> args = new ArrayList<>();
            int required = 0;
            boolean variadic = false;
            boolean optionalSeen = false;
            for (String a : e.strings("args")) {
                if (variadic) {
                    throw e.error("args", "kit-verb", "only the last argument of " + name + " may repeat");
                }
                if (a.endsWith("...")) {
                    variadic = true;
                    args.add(a.substring(0, a.length() - 3));
                } else if (a.endsWith("?")) {
                    optionalSeen = true;
                    args.add(a.substring(0, a.length() - 1));
                } else {
                    if (optionalSeen) {
                        throw e.error("args", "kit-verb", "a required argument of " + name + " follows an optional one");
                    }
                    required++;
                    args.add(a);
                }
            }
            if (into.putIfAbsent(name, new Verb(name, args, required, variadic)) != null) {
                throw e.error("verb", "kit-verb", "kit verb " + name + " is declared twice");
            }
        }
    }

    boolean declared() {
        return !fixtures.isEmpty() || !actions.isEmpty();
    }

    /**
     * The verb's arguments in call order, from a scalar, list or mapping by name; throws naming
     * the file and line when the verb is unknown or the arguments do not fit it.
     */
    List<Node.Scalar> bind(String verb, boolean fixture, Node value, Loc loc, String what) {
        List<Node.Scalar> out = new ArrayList<>();
        Verb v = (fixture ? fixtures : actions).get(verb);
        if (declared() && v == null) {
            throw new SpecException(loc, what, "kit-verb", "unknown " + (fixture ? "fixture" : "step or check")
                    + " verb '" + verb + "'; declared: " + (fixture ? fixtures : actions).keySet());
        }
        if (value instanceof Node.MapNode m) {
            if (m.entries().isEmpty()) {
                return check(v, out, loc, what);
            }
            if (v == null) {
                throw new SpecException(loc, what, "kit-verb", "named arguments need a declared verb");
            }
            for (String key : m.entries().keySet()) {
                if (!v.args().contains(key)) {
                    throw new SpecException(m.keyLocs().getOrDefault(key, loc), what, "kit-arg",
                            verb + " has no argument '" + key + "'; its arguments: " + v.args());
                }
            }
            for (String a : v.args()) {
                Node n = m.entries().get(a);
                if (n == null) {
                    break;
                }
                out.add(scalar(n, what));
            }
            if (out.size() != m.entries().size()) {
                throw new SpecException(loc, what, "kit-arg", verb + " leaves out an argument before a later one; "
                        + "only trailing arguments may be left off: " + v.args());
            }
        } else if (value instanceof Node.ListNode l) {
            for (Node item : l.items()) {
                out.add(scalar(item, what));
            }
        } else if (value instanceof Node.Scalar s && s.text() != null) {
            out.add(s);
        }
        return check(v, out, loc, what);
    }

    private static List<Node.Scalar> check(Verb v, List<Node.Scalar> args, Loc loc, String what) {
        if (v != null && (args.size() < v.required() || (!v.variadic() && args.size() > v.args().size()))) {
            throw new SpecException(loc, what, "kit-arg", v.name() + " takes " + v.args() + " ("
                    + v.required() + " required), given " + args.size());
        }
        return args;
    }

    private static Node.Scalar scalar(Node n, String what) {
        if (!(n instanceof Node.Scalar s) || s.text() == null) {
            throw new SpecException(n.loc(), what, "shape", "kit arguments are scalars");
        }
        return s;
    }
}
