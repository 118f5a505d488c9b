package io.uring4j.generator.header;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Parses the declarations of one header file's code (directives already taken out by
 * {@link HeaderReader}): structs and unions into {@code structs}, enum constants into
 * {@code enumConstants}; everything else is skipped statement by statement.
 */
final class DeclarationParser {
    private final List<CToken> t;
    private final String file;
    private final Map<String, CStruct> structs;
    private final Map<String, HeaderConstant> enumConstants;
    /** Resolves a name used in an enum value or array size: enum constants read so far, then defines. */
    private final Function<String, Optional<CValue>> lookup;
    private int pos;

    DeclarationParser(List<CToken> tokens, String file, Map<String, CStruct> structs,
                      Map<String, HeaderConstant> enumConstants, Function<String, Optional<CValue>> lookup) {
        this.t = tokens;
        this.file = file;
        this.structs = structs;
        this.enumConstants = enumConstants;
        this.lookup = lookup;
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
                v = CExpr.eval(expr, lookup);
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
                Optional<CValue> v = CExpr.eval(expr, lookup);
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
