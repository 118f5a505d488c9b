package io.uring4j.release;

import java.lang.module.ModuleDescriptor;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Javadoc jar an IDE shows: a page for every public type, generated ones included, of every
 * package a user can reach (all packages of an automatic module, the exported ones of a named one).
 */
class JavadocJarTest {

    private static Set<String> entries() {
        return Built.entries(Built.jar("uring4j.runtime.javadoc", "maven-javadoc-plugin"));
    }

    /** Javadoc of a named module puts pages under a directory named for the module. */
    private static boolean hasPage(Set<String> entries, String file) {
        String page = file.substring(0, file.length() - ".java".length()) + ".html";
        return entries.contains(page) || entries.contains(RuntimeJarTest.MODULE + "/" + page);
    }

    private static Predicate<String> userVisiblePackage() {
        ModuleDescriptor module = RuntimeJarTest.module();
        if (module.isAutomatic()) {
            return pkg -> true;
        }
        Set<String> exported = module.exports().stream()
                .filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toSet());
        return exported::contains;
    }

    private static void assertPagesFor(SourceTree tree, Set<String> entries) {
        Predicate<String> visible = userVisiblePackage();
        List<String> documented = tree.files().stream()
                .filter(SourceTree::isTypeFile)
                .filter(f -> visible.test(SourceTree.packageOf(f)))
                .filter(tree::declaresPublicType)
                .toList();
        assertTrue(!documented.isEmpty(), "no public types in user-visible packages under " + tree.root());
        List<String> missing = documented.stream().filter(f -> !hasPage(entries, f)).toList();
        assertEquals(List.of(), missing, "Javadoc jar has no page for these public types of " + tree.root());
    }

    @Test
    void documentsGeneratedTypes() {
        Set<String> entries = entries();
        assertPagesFor(SourceTree.of(Built.runtimeTarget().resolve("generated-sources/uring4j")), entries);
        assertTrue(hasPage(entries, "io/uring4j/Sqe.java"), "Javadoc jar: a page for the generated Sqe");
        assertTrue(entries.stream().anyMatch(e -> e.contains("io/uring4j/kernel/flags/") && e.endsWith(".html")),
                "Javadoc jar: pages for the generated flag classes (io.uring4j.kernel.flags)");
    }

    @Test
    void documentsHandWrittenTypes() {
        assertPagesFor(SourceTree.of(Built.root().resolve("runtime/src/main/java")), entries());
    }

    @Test
    void hasAnIndex() {
        Set<String> entries = entries();
        assertTrue(entries.contains("index.html"), "Javadoc jar: index.html");
    }
}
