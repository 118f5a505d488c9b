package io.uring4j.testkit;

import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.WaitOptions;
import io.uring4j.testsupport.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Child processes, started with posix_spawn through FFM. Not ProcessBuilder: the JVM would
 * start a reaper thread that waits for the child and races the scenario's own WAITID.
 */
final class ProcessFixtures {
    private ProcessFixtures() {}

    /** Runs {@code argv[0]} with the given arguments and an empty environment; {@code pid} is the default. */
    static void child(Scene s, String name, String... argv) {
        if (argv.length == 0) {
            throw new IllegalArgumentException("child needs a program path");
        }
        MemorySegment args = s.arena.allocate(ValueLayout.ADDRESS, argv.length + 1);
        for (int i = 0; i < argv.length; i++) {
            args.setAtIndex(ValueLayout.ADDRESS, i, s.cstring(argv[i]));
        }
        args.setAtIndex(ValueLayout.ADDRESS, argv.length, MemorySegment.NULL);
        MemorySegment env = s.arena.allocate(ValueLayout.ADDRESS);
        env.set(ValueLayout.ADDRESS, 0, MemorySegment.NULL);
        MemorySegment pid = s.arena.allocate(ValueLayout.JAVA_INT);
        int err = Libc.posixSpawn(pid, s.cstring(argv[0]), args, env);
        if (err != 0) {
            throw new IllegalStateException("posix_spawn " + argv[0] + " failed: " + Errno.nameOf(err));
        }
        int p = pid.get(ValueLayout.JAVA_INT, 0);
        s.add(name, "child").set(Fixture.DEFAULT, p).set("pid", p);
        // A child the scenario did not reap is reaped here, so no zombie outlives the test.
        s.onClose(() -> {
            try (var a = Arena.ofConfined()) {
                Libc.waitpid(p, a.allocate(ValueLayout.JAVA_INT), 0);
            }
        });
    }

    /** True when {@code pid} is no longer a child of this process (it was reaped). */
    static boolean reaped(int pid) {
        try (var a = Arena.ofConfined()) {
            return Libc.waitpid(pid, a.allocate(ValueLayout.JAVA_INT), WaitOptions.NOHANG)
                    == -Errno.ECHILD.value();
        }
    }
}
