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
        new Parser(code, name).parseTop();
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

    /** Declarations of one file's code (directives already taken out). */
    private final class Parser {
        private final List<CToken> t;
        private final String file;
        private int pos;

        Parser(List<CToken> tokens, String file) {
            this.t = tokens;
            this.file = file;
        }

        private boolean at(String s) {
            return pos < t.size() && t.get(pos).is(s);
        }

        private boolean at(int ahead, String s) {
            return pos + ahead < t.size() && t.get(pos + ahead).is(s);
        }

        void parseTop() {
            while (pos < t.size()) {
                if ((at("struct") || at("union")) && pos + 2 < t.size() && t.get(pos + 1).isIdentifier() && at(2, "{")) {
                    boolean union = at("union");
                    CToken nameTok = t.get(pos + 1);
                    pos += 3;
                    List<CStruct.Member> members = body();
                    boolean packed = attributes();
                    skipStatement();
                    structs.putIfAbsent(nameTok.text(),
                            new CStruct(nameTok.text(), union, packed, members, file, nameTok.line()));
                } else if (at("enum")) {
                    pos++;
                    String tag = pos < t.size() && t.get(pos).isIdentifier() ? t.get(pos++).text() : "enum";
                    if (at("{")) {
                        pos++;
                        enumBody(tag);
                    }
                    skipStatement();
                } else {
                    skipStatement();
                }
            }
        }

        /** Skips to just after the next ";" outside braces (or a stray "}"). */
        private void skipStatement() {
            int depth = 0;
            while (pos < t.size()) {
                String s = t.get(pos++).text();
                if (s.equals("{")) {
                    depth++;
                } else if (s.equals("}")) {
                    if (--depth <= 0 && depth < 0) {
                        return;
                    }
                } else if (s.equals(";") && depth <= 0) {
                    return;
                }
            }
        }

        private void enumBody(String tag) {
            CValue prev = null;
            boolean known = true;
            while (pos < t.size() && !at("}")) {
                CToken name = t.get(pos++);
                List<CToken> expr = new ArrayList<>();
                if (at("=")) {
                    pos++;
                    int depth = 0;
                    while (pos < t.size() && !(depth == 0 && (at(",") || at("}")))) {
                        if (at("(")) {
                            depth++;
                        } else if (at(")")) {
                            depth--;
                        }
                        expr.add(t.get(pos++));
                    }
                }
                if (at(",")) {
                    pos++;
                }
                Optional<CValue> v;
                if (!expr.isEmpty()) {
                    v = CExpr.eval(expr, HeaderReader.this::lookup);
                } else if (prev == null && known) {
                    v = Optional.of(CValue.of(0, false, false));
                } else if (known) {
                    v = Optional.of(CValue.of(prev.value() + 1, prev.wide(), prev.unsigned()));
                } else {
                    v = Optional.empty();
                }
                known = v.isPresent();
                prev = v.orElse(null);
                v.ifPresent(value -> enumConstants.putIfAbsent(name.text(),
                        new HeaderConstant(name.text(), value, tag, file, name.line())));
            }
            if (at("}")) {
                pos++;
            }
        }

        /** Members up to and including the closing "}". */
        private List<CStruct.Member> body() {
            List<CStruct.Member> out = new ArrayList<>();
            while (pos < t.size() && !at("}")) {
                member(out);
            }
            pos++;
            return out;
        }

        private boolean attributes() {
            boolean packed = false;
            while (at("__attribute__") || at("__packed")) {
                if (at("__packed")) {
                    pos++;
                    packed = true;
                    continue;
                }
                pos++;
                int depth = 0;
                do {
                    if (at("(")) {
                        depth++;
                    } else if (at(")")) {
                        depth--;
                    } else if (at("packed") || at("__packed__")) {
                        packed = true;
                    }
                    pos++;
                } while (pos < t.size() && depth > 0);
            }
            return packed;
        }

        private void member(List<CStruct.Member> out) {
            int line = t.get(pos).line();
            if ((at("struct") || at("union")) && at(1, "{")) {
                boolean union = at("union");
                pos += 2;
                List<CStruct.Member> members = body();
                boolean packed = attributes();
                String name = pos < t.size() && t.get(pos).isIdentifier() ? t.get(pos++).text() : null;
                dims();
                attributes();
                skipTo(";");
                out.add(new CStruct.Group(union, name, packed, members, line));
                return;
            }
            if (at("__DECLARE_FLEX_ARRAY") && at(1, "(")) {
                pos += 2;
                List<String> words = new ArrayList<>();
                while (pos < t.size() && !at(",")) {
                    words.add(t.get(pos++).text());
                }
                pos++;
                String name = t.get(pos++).text();
                skipTo(";");
                out.add(field(words, name, 0, line));
                return;
            }
            List<String> words = new ArrayList<>();
            while (pos < t.size() && t.get(pos).isIdentifier()) {
                String w = t.get(pos).text();
                if (w.equals("const") || w.equals("volatile")) {
                    pos++;
                    continue;
                }
                if (w.equals("__attribute__")) {
                    attributes();
                    continue;
                }
                words.add(w);
                pos++;
            }
            // The last word is the first declarator's name; the rest name the type.
            if (words.size() < 2) {
                skipTo(";");
                return;
            }
            String name = words.removeLast();
            while (true) {
                int count = dims();
                out.add(field(words, name, count, line));
                attributes();
                if (at(",")) {
                    pos++;
                    while (at("*")) {
                        pos++;
                    }
                    if (pos < t.size() && t.get(pos).isIdentifier()) {
                        name = t.get(pos++).text();
                        continue;
                    }
                }
                break;
            }
            skipTo(";");
        }

        private CStruct.Field field(List<String> typeWords, String name, int count, int line) {
            List<String> words = new ArrayList<>(typeWords);
            if (!words.isEmpty() && (words.getFirst().equals("struct") || words.getFirst().equals("union"))) {
                return new CStruct.Field(name, null, words.size() > 1 ? words.get(1) : "?", count, line);
            }
            CType scalar = CType.scalar(String.join(" ", words));
            return new CStruct.Field(name, scalar, scalar == null ? String.join(" ", words) : null, count, line);
        }

        /** Array dimensions: 1 for none, 0 for a flexible array, else the product; -1 if unknown. */
        private int dims() {
            int count = 1;
            while (at("[")) {
                pos++;
                List<CToken> expr = new ArrayList<>();
                while (pos < t.size() && !at("]")) {
                    expr.add(t.get(pos++));
                }
                pos++;
                if (expr.isEmpty()) {
                    count = 0;
                } else {
                    Optional<CValue> v = CExpr.eval(expr, HeaderReader.this::lookup);
                    count = v.isPresent() && count >= 0 ? count * (int) v.get().value() : -1;
                }
            }
            return count;
        }

        private void skipTo(String s) {
            while (pos < t.size() && !at(s) && !at("}")) {
                pos++;
            }
            if (at(s)) {
                pos++;
            }
        }
    }
}
