package io.uring4j.generator.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import io.uring4j.generator.load.Constants;
import io.uring4j.generator.model.Family;
import io.uring4j.generator.model.Opcode;
import io.uring4j.generator.model.Param;
import io.uring4j.generator.model.ParamType;
import io.uring4j.generator.model.Scenario;
import io.uring4j.generator.model.Scenario.Arg;
import io.uring4j.generator.model.Scenario.Expect;
import io.uring4j.generator.model.Scenario.KitCall;
import io.uring4j.generator.model.Scenario.Request;
import io.uring4j.generator.model.Scenario.Step;
import io.uring4j.generator.model.Spec;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel test of an opcode entry: its spec scenario turned into calls of the test kit
 * ({@code io.uring4j.testkit.OpScenario}): fixtures and steps by verb (snake_case verb →
 * camelCase method), requests through the generated prep methods, then the expected completion.
 */
final class KernelTestEmitter {
    static final ClassName KIT = ClassName.get("io.uring4j.testkit", "OpScenario");
    static final ClassName COMPLETION = KIT.nestedClass("Completion");
    private static final ClassName TEST = ClassName.get("org.junit.jupiter.api", "Test");
    private static final ClassName DISPLAY = ClassName.get("org.junit.jupiter.api", "DisplayName");

    private static final ClassName KERNEL_VERSION = ClassName.get("io.uring4j", "KernelVersion");
    private static final ClassName ASSUMPTIONS = ClassName.get("org.junit.jupiter.api", "Assumptions");

    private KernelTestEmitter() {}

    /** True when kernel version {@code a} ("6.19") is later than {@code b}. */
    static boolean newer(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
            if (c != 0) {
                return c > 0;
            }
        }
        return false;
    }

    static MethodSpec emit(Spec spec, Opcode o) {
        Scenario s = o.test();
        CodeBlock.Builder b = CodeBlock.builder();
        CodeBlock ring = CodeBlock.of(s.ring().stream().map(w -> "\"" + w + "\"").reduce("", (x, y) -> x + ", " + y));
        String baseSince = spec.opcode(o.baseName()).map(io.uring4j.generator.model.Opcode::since).orElse(o.since());
        if (o.isVariant() && newer(o.since(), baseSince)) {
            // The probe knows opcodes, not the commands or flags a variant adds later: check the version.
            b.addStatement("$T running = $T.current()", KERNEL_VERSION, KERNEL_VERSION);
            b.addStatement("$T.assumeTrue(running.atLeast($S), $S + running.release() + $S)", ASSUMPTIONS, o.since(),
                    "IORING_OP_" + o.baseName() + " (" + o.name() + ") needs Linux " + o.since() + "; the running kernel ",
                    " does not offer it");
        }
        b.beginControlFlow("try ($T sc = $T.open($T.$L, $S$L))", KIT, KIT, Names.OPCODE, o.baseName(), o.name(), ring);
        for (KitCall f : s.fixtures()) {
            CodeBlock args = kitArgs(spec, f.args(), false);
            b.addStatement("sc.$L($S$L$L)", Names.camel(f.verb()), f.name(), args.isEmpty() ? "" : ", ", args);
        }
        for (Step step : s.before()) {
            if (step.kit() != null) {
                b.addStatement("sc.$L($L)", Names.camel(step.kit().verb()), kitArgs(spec, step.kit().args(), false));
            } else {
                b.addStatement(request(spec, step.request()));
            }
        }
        b.add("// The request under test.\n");
        b.addStatement(request(spec, s.call()));
        for (Request r : s.after()) {
            b.addStatement(request(spec, r));
        }
        b.addStatement("$T c = sc.await($LL)", COMPLETION, s.call().userData());
        expect(spec, b, "c", s.expect());
        int n = 0;
        for (Expect e : s.also()) {
            String var = "also" + (++n);
            b.addStatement("$T $L = sc.await($LL)", COMPLETION, var, e.userData());
            expect(spec, b, var, e);
        }
        for (KitCall c : s.checks()) {
            b.addStatement("sc.$L($L)", Names.camel(c.verb()), kitArgs(spec, c.args(), true));
        }
        b.endControlFlow();
        return MethodSpec.methodBuilder("kernel")
                .addAnnotation(TEST)
                .addAnnotation(AnnotationSpec.builder(DISPLAY)
                        .addMember("value", "$S", o.name() + ": scenario on the running kernel").build())
                .addException(Exception.class)
                .addCode(b.build())
                .build();
    }

    private static CodeBlock request(Spec spec, Request r) {
        Opcode op = spec.opcode(r.op()).orElseThrow();
        List<String> args = new ArrayList<>();
        for (Param p : op.params()) {
            args.add(value(spec, p, r.args().get(p.name())));
        }
        CodeBlock.Builder call = CodeBlock.builder().add("sc.$L().$L($L)",
                op.sqeSize() > spec.sqe().size() ? "sqe128" : "sqe", Names.camel(op.name()), String.join(", ", args));
        if (!r.flags().isEmpty()) {
            ClassName sqeFlags = Names.family(spec.family("SqeFlags").orElseThrow().name());
            call.add(".flags($L)", CodeBlock.join(r.flags().stream()
                    .map(x -> CodeBlock.of("$T.$L", sqeFlags, x)).toList(), " | "));
        }
        return call.add(".userData($LL)", r.userData()).build();
    }

    /** Java text of a parameter value: a literal, a fixture lookup, or the default. */
    private static String value(Spec spec, Param p, String text) {
        boolean wide = p.javaLong();
        if (text == null) {
            text = p.defaultValue();
        }
        if (p.type() == ParamType.IOVECS) {
            return "sc.ioVecs(\"" + text + "\")";
        }
        if (p.type() == ParamType.MSGHDR) {
            return "sc.messageHeader(\"" + text + "\")";
        }
        if (p.type().isSegment()) {
            return text == null || text.equals("null") ? "null" : "sc.segment(\"" + text + "\")";
        }
        if (Constants.isConstant(text)) {
            long v = Constants.resolve(text, spec.families()).orElseThrow();
            String lit = FamilyEmitter.literal(v, 64, wide);
            return text.matches("-?(0x)?[0-9a-fA-F_]+") ? lit : lit + " /* " + text + " */";
        }
        if (p.type() == ParamType.FD) {
            return "sc.fd(\"" + text + "\")";
        }
        return wide ? "sc.value(\"" + text + "\")" : "sc.intValue(\"" + text + "\")";
    }

    private static void expect(Spec spec, CodeBlock.Builder b, String var, Expect e) {
        String res = e.res().trim();
        if (res.matches("-?[0-9]+")) {
            b.addStatement("sc.expectRes($L, $L)", var, res);
        } else if (res.startsWith(">") || res.startsWith("<") || res.startsWith("!")) {
            String opText = res.replaceAll("[-0-9\\s]", "");
            String num = res.substring(opText.length()).trim();
            b.addStatement("sc.expectRes($L, $S, $L)", var, opText, num);
        } else if (!res.equals("any")) {
            b.addStatement("sc.expectErrno($L, $T.$L)", var, Names.ERRNO, res);
        }
        if (!e.flags().isEmpty()) {
            Family f = spec.family("CqeFlags").orElseThrow();
            long mask = 0;
            for (String name : e.flags()) {
                mask |= f.value(name).orElseThrow().value();
            }
            b.addStatement("sc.expectFlags($L, $L, $S)", var, FamilyEmitter.literal(mask, 32, false),
                    String.join("|", e.flags()));
        }
    }

    /**
     * Kit arguments: numbers as long literals, constant expressions resolved to long literals,
     * strings quoted, {@code $res} (in checks) as the call's result.
     */
    private static CodeBlock kitArgs(Spec spec, List<Arg> args, boolean resAllowed) {
        List<CodeBlock> out = new ArrayList<>();
        for (Arg a : args) {
            if (resAllowed && a.text().equals("$res")) {
                out.add(CodeBlock.of("(long) c.res()"));
            } else if (a.constant()) {
                long v = Constants.resolve(a.text(), spec.families()).orElseThrow();
                out.add(CodeBlock.of("$L /* $L */", FamilyEmitter.literal(v, 64, true), a.text().trim()));
            } else if (a.number()) {
                out.add(CodeBlock.of("$LL", a.text().replace("_", "")));
            } else {
                out.add(CodeBlock.of("$S", a.text()));
            }
        }
        return CodeBlock.join(out, ", ");
    }
}
