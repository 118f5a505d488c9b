package io.uring4j.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link BadInputCorpus} in a child JVM and watches it: a JVM crash (SIGSEGV, glibc abort)
 * fails this test with the child's exit status and the last case it started, instead of killing
 * the build. Every case must end as its expectation allows (refused by name, typed errno, or for
 * values that may be legal, a completion); none may be wrong. The default build runs the whole
 * corpus (it takes a few seconds); {@code -During4j.corpus.stride=N} runs every N-th case.
 */
class BadInputCorpusTest {
    private static final long LIMIT_SECONDS = 60;

    @Test
    void everyBadInputIsRefusedByNameOrAnsweredWithATypedErrno() throws Exception {
        int total = BadInputCorpus.cases().size();
        assertTrue(total >= 250, "the corpus holds " + total + " cases; issue 10 asks for at least 250");
        String stride = System.getProperty("uring4j.corpus.stride", "1");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), BadInputCorpus.class.getName(), stride)
                .redirectErrorStream(true);
        Process child = pb.start();
        List<String> wrong = new ArrayList<>();
        String lastStarted = "none";
        String done = null;
        int lines = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines++;
                if (line.startsWith("START ")) {
                    lastStarted = line.substring(6);
                } else if (line.startsWith("CASE ") && line.contains(" WRONG ")) {
                    wrong.add(line);
                } else if (line.startsWith("DONE ")) {
                    done = line;
                } else if (!line.startsWith("CASE ")) {
                    wrong.add("child output: " + line);
                }
            }
        }
        if (!child.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            fail("the corpus child did not finish in " + LIMIT_SECONDS + " s; last case started: " + lastStarted);
        }
        int exit = child.exitValue();
        System.out.println("bad-input corpus: " + done + ", child exit " + exit + ", last case " + lastStarted);
        if (done == null) {
            fail("the corpus child died (exit " + exit + ") after " + lines + " lines; last case started: "
                    + lastStarted);
        }
        assertEquals(List.of(), wrong, "cases with a wrong outcome");
        assertEquals(0, exit, "child exit status");
    }
}
