package io.uring4j.generator.header;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads uapi headers the way io_uring's are written: #define constants, enums, structs and unions
 * (with anonymous members, arrays, flexible arrays and {@code __DECLARE_FLEX_ARRAY}), and
 * #include of other io_uring headers. It is no C compiler: a macro with parameters, a typedef or a
 * function declaration is skipped, and a define whose value is not an integer expression is ignored.
 */
public final class HeaderReader {
    private final List<Path> includeDirs;
    private final Map<String, List<CToken>> defines = new LinkedHashMap<>();
    private final Map<String, String[]> defineWhere = new LinkedHashMap<>();
    private final Map<String, HeaderConstant> enumConstants = new LinkedHashMap<>();
    private final Map<String, CStruct> structs = new LinkedHashMap<>();
    private final List<String> files = new ArrayList<>();
    private final Set<Path> seen = new HashSet<>();
    private final Set<String> evaluating = new HashSet<>();
    private final Map<String, Optional<CValue>> defineValues = new LinkedHashMap<>();

    private HeaderReader(List<Path> includeDirs) {
        this.includeDirs = includeDirs;
    }

    /**
     * Reads the headers and every io_uring header they #include (found in the include directories,
     * or in a directory above the including header, as {@code linux/io_uring/query.h} is found
     * from {@code include/uapi/linux/io_uring.h}). Other includes (linux/types.h) are not read.
     */
    public static CHeader read(List<Path> headers, List<Path> includeDirs) {
        HeaderReader r = new HeaderReader(includeDirs);
        for (Path h : headers) {
            r.readFile(h);
        }
        return r.result();
    }

    private CHeader result() {
        Map<String, HeaderConstant> all = new LinkedHashMap<>(enumConstants);
        for (var e : defineWhere.entrySet()) {
            Optional<CValue> v = define(e.getKey());
            v.ifPresent(value -> all.putIfAbsent(e.getKey(),
                    new HeaderConstant(e.getKey(), value, "#define", e.getValue()[0], Integer.parseInt(e.getValue()[1]))));
        }
        return new CHeader(all, structs, files);
    }

    private Optional<CValue> lookup(String name) {
        HeaderConstant c = enumConstants.get(name);
        return c != null ? Optional.of(c.value()) : define(name);
    }

    private Optional<CValue> define(String name) {
        if (defineValues.containsKey(name)) {
            return defineValues.get(name);
        }
        List<CToken> body = defines.get(name);
        if (body == null || !evaluating.add(name)) {
            return Optional.empty();
        }
        Optional<CValue> v = CExpr.eval(body, this::lookup);
        evaluating.remove(name);
        defineValues.put(name, v);
        return v;
    }

    private void readFile(Path file) {
        Path real = file.toAbsolutePath().normalize();
        if (!seen.add(real)) {
            return;
        }
        String text;
        try {
            text = Files.readString(real, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read header " + file, e);
        }
        String name = real.getFileName().toString();
        Path parent = real.getParent();
        if (parent != null && parent.getFileName() != null && parent.getFileName().toString().equals("io_uring")) {
            name = "io_uring/" + name;
        }
        files.add(name);
        List<CToken> code = new ArrayList<>();
        String[] lines = stripComments(text).split("\n", -1);
        int skipDepth = 0;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            while (line.endsWith("\\") && i + 1 < lines.length) {
                line = line.substring(0, line.length() - 1) + " " + lines[++i];
            }
            String t = line.trim();
            if (skipDepth > 0) {
                if (t.startsWith("#if")) {
                    skipDepth++;
                } else if (t.startsWith("#endif")) {
                    skipDepth--;
                }
                continue;
            }
            if (!t.startsWith("#")) {
                code.addAll(CToken.lex(line, lineNo));
                continue;
            }
            String d = t.substring(1).trim();
            if (d.startsWith("ifdef __cplusplus") || d.startsWith("if defined(__cplusplus)")) {
                skipDepth = 1; // extern "C" { ... }: nothing a C reader needs
            } else if (d.startsWith("define")) {
                define(d.substring("define".length()), name, lineNo);
            } else if (d.startsWith("include")) {
                include(d.substring("include".length()).trim(), real);
            }
        }
        new DeclarationParser(code, name, structs, enumConstants, this::lookup).parseTop();
    }

    private void define(String rest, String file, int line) {
        List<CToken> toks = CToken.lex(rest, line);
        if (toks.isEmpty() || !toks.get(0).isIdentifier()) {
            return;
        }
        String name = toks.get(0).text();
        // A function-like macro has "(" right after the name, without a space.
        String afterName = rest.trim().substring(name.length());
        if (afterName.startsWith("(")) {
            return;
        }
        defines.putIfAbsent(name, toks.subList(1, toks.size()));
        defineWhere.putIfAbsent(name, new String[] {file, Integer.toString(line)});
    }

    private void include(String spec, Path from) {
        if (spec.length() < 2) {
            return;
        }
        String p = spec.substring(1, spec.length() - 1);
        if (!p.contains("io_uring")) {
            return; // linux/types.h, linux/fs.h, ...: not io_uring facts
        }
        List<Path> candidates = new ArrayList<>();
        for (Path d : includeDirs) {
            candidates.add(d.resolve(p));
        }
        for (Path d = from.getParent(); d != null; d = d.getParent()) {
            candidates.add(d.resolve(p));
        }
        candidates.stream().filter(Files::isRegularFile).findFirst().ifPresent(this::readFile);
    }

    /** Replaces comments with spaces, keeping newlines so line numbers stay right. */
    static String stripComments(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                end = end < 0 ? s.length() : end + 2;
                for (int k = i; k < end; k++) {
                    out.append(s.charAt(k) == '\n' ? '\n' : ' ');
                }
                i = end;
            } else if (s.startsWith("//", i)) {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
            } else {
                out.append(s.charAt(i++));
            }
        }
        return out.toString();
    }
}
