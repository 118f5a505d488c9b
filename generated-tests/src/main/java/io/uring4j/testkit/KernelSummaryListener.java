package io.uring4j.testkit;

import io.uring4j.KernelVersion;
import io.uring4j.kernel.Opcode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints, when the generated tests have run, what they proved on this kernel: tests run, passed,
 * failed and skipped (with reasons), and the passing kernel scenarios per base opcode. Also
 * writes it to {@code target/kernel-summary.txt}. Registered through META-INF/services, so
 * Surefire's JUnit launcher picks it up with no configuration.
 */
public final class KernelSummaryListener implements TestExecutionListener {
    private static final String KERNEL_TEST = "kernel";

    private record Outcome(String entry, String method, TestExecutionResult.Status status, String reason) {}

    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();

    /** Called by the JUnit launcher (ServiceLoader). */
    public KernelSummaryListener() {}

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        if (id.isTest()) {
            outcomes.add(new Outcome(entry(id), method(id), TestExecutionResult.Status.ABORTED, reason));
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (id.isTest()) {
            String reason = result.getThrowable().map(Throwable::getMessage).orElse(null);
            outcomes.add(new Outcome(entry(id), method(id), result.getStatus(), reason));
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (outcomes.stream().noneMatch(o -> o.method.equals(KERNEL_TEST))) {
            return; // not a run of the generated tests
        }
        String text = summary();
        System.out.println(text);
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            try {
                Files.writeString(target.resolve("kernel-summary.txt"), text);
            } catch (IOException e) {
                System.out.println("(could not write target/kernel-summary.txt: " + e.getMessage() + ")");
            }
        }
    }

    private String summary() {
        List<Outcome> all = new ArrayList<>(outcomes);
        long passed = count(all, TestExecutionResult.Status.SUCCESSFUL);
        long failed = count(all, TestExecutionResult.Status.FAILED);
        long skipped = count(all, TestExecutionResult.Status.ABORTED);
        Map<Opcode, Integer> covered = new EnumMap<>(Opcode.class);
        for (Outcome o : all) {
            if (o.method.equals(KERNEL_TEST) && o.status == TestExecutionResult.Status.SUCCESSFUL) {
                base(o.entry).ifPresent(op -> covered.merge(op, 1, Integer::sum));
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("\n==== uring4j generated tests on Linux ").append(KernelVersion.current().release()).append(" ====\n");
        b.append("tests run: ").append(all.size()).append(", passed: ").append(passed).append(", failed: ")
                .append(failed).append(", skipped: ").append(skipped).append('\n');
        b.append("opcodes proven on this kernel (passing kernel scenarios, variants included): ")
                .append(covered.size()).append(" of ").append(Opcode.values().length).append('\n');
        List<String> cells = new ArrayList<>();
        for (Opcode op : Opcode.values()) {
            cells.add(op.name() + " " + covered.getOrDefault(op, 0));
        }
        for (int i = 0; i < cells.size(); i += 6) {
            b.append("  ").append(String.join(", ", cells.subList(i, Math.min(cells.size(), i + 6)))).append('\n');
        }
        appendList(b, "skipped", all, TestExecutionResult.Status.ABORTED);
        appendList(b, "failed", all, TestExecutionResult.Status.FAILED);
        return b.toString();
    }

    private static void appendList(StringBuilder b, String title, List<Outcome> all, TestExecutionResult.Status status) {
        List<Outcome> some = all.stream().filter(o -> o.status == status).toList();
        if (some.isEmpty()) {
            return;
        }
        b.append(title).append(":\n");
        for (Outcome o : some) {
            String reason = o.reason == null ? "" : o.reason.lines().findFirst().orElse("");
            b.append("  ").append(o.entry).append('.').append(o.method).append(": ").append(reason).append('\n');
        }
    }

    private static long count(List<Outcome> all, TestExecutionResult.Status status) {
        return all.stream().filter(o -> o.status == status).count();
    }

    /** The spec entry: the generated display names start with it ("READ_FIXED: ..."). */
    private static String entry(TestIdentifier id) {
        String name = id.getDisplayName();
        int colon = name.indexOf(':');
        return colon > 0 ? name.substring(0, colon) : name;
    }

    private static String method(TestIdentifier id) {
        return id.getSource().filter(MethodSource.class::isInstance).map(s -> ((MethodSource) s).getMethodName())
                .orElse(id.getDisplayName());
    }

    /** The base opcode of an entry: itself, or the opcode that lists it as a variant. */
    private static Optional<Opcode> base(String entry) {
        for (Opcode op : Opcode.values()) {
            if (op.name().equals(entry) || op.variants().contains(entry)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }
}
