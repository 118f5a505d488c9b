package io.uring4j.release;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sources jar an IDE attaches: every hand-written and generated source of the runtime. */
class SourcesJarTest {

    private static Set<String> entries() {
        return Built.entries(Built.jar("uring4j.runtime.sources", "maven-source-plugin"));
    }

    private static void assertAllPresent(SourceTree tree, Set<String> entries) {
        assertFalse(tree.files().isEmpty(), "no sources under " + tree.root());
        List<String> missing = tree.files().stream().filter(f -> !entries.contains(f)).toList();
        assertEquals(List.of(), missing, "sources jar lacks sources of " + tree.root());
    }

    @Test
    void containsGeneratedSources() {
        assertAllPresent(SourceTree.of(Built.runtimeTarget().resolve("generated-sources/uring4j")), entries());
    }

    @Test
    void containsHandWrittenSources() {
        assertAllPresent(SourceTree.of(Built.root().resolve("runtime/src/main/java")), entries());
    }

    @Test
    void carriesLicense() {
        assertTrue(entries().contains("META-INF/LICENSE"), "sources jar: META-INF/LICENSE");
    }
}
