package io.uring4j.generator.header;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Evaluates the integer constant expressions uapi headers use in #define and enum values:
 * literals with U/L suffixes, names of other constants, casts to the integer types, parentheses,
 * unary ~ - + and the binary operators * / % + - << >> & ^ |.
 */
final class CExpr {
    private final List<CToken> tokens;
    private final Function<String, Optional<CValue>> names;
    private int pos;

    private CExpr(List<CToken> tokens, Function<String, Optional<CValue>> names) {
        this.tokens = tokens;
        this.names = names;
    }

    /** The value, or empty when the text is not an integer constant expression this reader knows. */
    static Optional<CValue> eval(List<CToken> tokens, Function<String, Optional<CValue>> names) {
        if (tokens.isEmpty()) {
            return Optional.empty();
        }
        try {
            CExpr e = new CExpr(tokens, names);
            CValue v = e.binary(0);
            return e.pos == tokens.size() ? Optional.of(v) : Optional.empty();
        } catch (NotConstant | NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static final class NotConstant extends RuntimeException {
        NotConstant() {
            super(null, null, false, false);
        }
    }

    private static final List<List<String>> LEVELS = List.of(
            List.of("|"), List.of("^"), List.of("&"), List.of("<<", ">>"), List.of("+", "-"), List.of("*", "/", "%"));

    private CValue binary(int level) {
        if (level == LEVELS.size()) {
            return unary();
        }
        CValue left = binary(level + 1);
        while (pos < tokens.size() && LEVELS.get(level).contains(tokens.get(pos).text())) {
            String op = tokens.get(pos++).text();
            CValue right = binary(level + 1);
            long a = left.value();
            long b = right.value();
            long r = switch (op) {
                case "|" -> a | b;
                case "^" -> a ^ b;
                case "&" -> a & b;
                case "<<" -> a << b;
                case ">>" -> left.unsigned() ? a >>> b : a >> b;
                case "+" -> a + b;
                case "-" -> a - b;
                case "*" -> a * b;
                case "/" -> a / b;
                default -> a % b;
            };
            // A shift keeps the type of its left operand.
            left = op.equals("<<") || op.equals(">>") ? CValue.of(r, left.wide(), left.unsigned()) : left.with(r, right);
        }
        return left;
    }

    private CValue unary() {
        CToken t = next();
        switch (t.text()) {
            case "~" -> {
                CValue v = unary();
                return CValue.of(~v.value(), v.wide(), v.unsigned());
            }
            case "-" -> {
                CValue v = unary();
                return CValue.of(-v.value(), v.wide(), v.unsigned());
            }
            case "+" -> {
                return unary();
            }
            case "(" -> {
                CValue cast = castType();
                if (cast != null) {
                    CValue v = unary();
                    return CValue.of(v.value(), cast.wide(), cast.unsigned());
                }
                CValue v = binary(0);
                expect(")");
                return v;
            }
            default -> {
                if (t.isNumber()) {
                    return literal(t.text());
                }
                if (t.isIdentifier()) {
                    return names.apply(t.text()).orElseThrow(NotConstant::new);
                }
                throw new NotConstant();
            }
        }
    }

    /** After "(": a type name and ")" make a cast (its width and sign, value unused); else null. */
    private CValue castType() {
        int start = pos;
        StringBuilder type = new StringBuilder();
        while (pos < tokens.size() && tokens.get(pos).isIdentifier()) {
            String w = tokens.get(pos++).text();
            if (!w.equals("__force")) { // sparse annotation: (__force __kernel_rwf_t)0x100
                type.append(type.isEmpty() ? "" : " ").append(w);
            }
        }
        if (!type.isEmpty() && pos < tokens.size() && tokens.get(pos).is(")")) {
            CType ct = CType.scalar(type.toString());
            if (ct != null) {
                pos++;
                return CValue.of(0, ct.size() == 8, !ct.signed());
            }
        }
        pos = start;
        return null;
    }

    private static CValue literal(String text) {
        String t = text.toLowerCase(java.util.Locale.ROOT);
        int end = t.length();
        while (end > 0 && (t.charAt(end - 1) == 'u' || t.charAt(end - 1) == 'l')) {
            end--;
        }
        String suffix = t.substring(end);
        String digits = t.substring(0, end);
        long v;
        boolean hexOrOctal = digits.startsWith("0x") || (digits.length() > 1 && digits.startsWith("0"));
        if (digits.startsWith("0x")) {
            v = Long.parseUnsignedLong(digits.substring(2), 16);
        } else if (digits.length() > 1 && digits.startsWith("0")) {
            v = Long.parseLong(digits.substring(1), 8);
        } else {
            v = Long.parseLong(digits);
        }
        boolean unsigned = suffix.contains("u");
        boolean wide = suffix.contains("l") || v > 0xFFFF_FFFFL || v < 0;
        if (!wide && !unsigned && v > Integer.MAX_VALUE) {
            // An unsuffixed constant takes the first type that holds it: unsigned int only for hex/octal.
            if (hexOrOctal) {
                unsigned = true;
            } else {
                wide = true;
            }
        }
        return CValue.of(v, wide, unsigned);
    }

    private CToken next() {
        if (pos >= tokens.size()) {
            throw new NotConstant();
        }
        return tokens.get(pos++);
    }

    private void expect(String s) {
        if (!next().is(s)) {
            throw new NotConstant();
        }
    }
}
