package io.uring4j.generator;

import com.palantir.javapoet.JavaFile;
import io.uring4j.generator.emit.Emitter;
import io.uring4j.generator.model.Spec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The emitted runtime sources as text, and a way to read one member's Javadoc out of them. */
final class Sources {
    private Sources() {}

    /** Qualified class name to source text, in emitter order. */
    static Map<String, String> of(Spec spec) {
        return of(Emitter.runtimeSources(spec));
    }

    static Map<String, String> of(List<JavaFile> files) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JavaFile f : files) {
            out.put(f.packageName() + "." + f.typeSpec().name(), f.toString());
        }
        return out;
    }

    /**
     * The text of the Javadoc right before {@code declaration} (which must occur once), without
     * the comment markers and leading asterisks, one line per source line.
     */
    static String javadocOf(String source, String declaration) {
        int at = source.indexOf(declaration);
        if (at < 0 || source.indexOf(declaration, at + 1) >= 0) {
            throw new AssertionError("expected exactly one '" + declaration + "' in:\n" + source);
        }
        int start = source.lastIndexOf("/**", at);
        int end = source.indexOf("*/", start);
        // Only annotations may stand between the comment and the declaration.
        boolean adjacent = source.substring(end + 2, at).lines().map(String::strip)
                .allMatch(l -> l.isEmpty() || l.startsWith("@"));
        if (start < 0 || end > at || !adjacent) {
            throw new AssertionError("no Javadoc right before '" + declaration + "'");
        }
        return source.substring(start + 3, end).lines()
                .map(l -> l.strip().replaceFirst("^\\* ?", ""))
                .filter(l -> !l.isEmpty())
                .collect(Collectors.joining("\n"));
    }
}
