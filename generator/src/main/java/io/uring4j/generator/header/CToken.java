package io.uring4j.generator.header;

import java.util.ArrayList;
import java.util.List;

/** A C token (identifier, number or punctuation) and the header line it came from. */
record CToken(String text, int line) {

    boolean is(String s) {
        return text.equals(s);
    }

    boolean isIdentifier() {
        char c = text.charAt(0);
        return Character.isLetter(c) || c == '_';
    }

    boolean isNumber() {
        return Character.isDigit(text.charAt(0));
    }

    /** Splits C source (comments already removed) into tokens; two-character operators stay whole. */
    static List<CToken> lex(String src, int firstLine) {
        List<CToken> out = new ArrayList<>();
        int line = firstLine;
        int i = 0;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isLetterOrDigit(c) || c == '_') {
                int j = i;
                while (j < src.length() && (Character.isLetterOrDigit(src.charAt(j)) || src.charAt(j) == '_')) {
                    j++;
                }
                out.add(new CToken(src.substring(i, j), line));
                i = j;
            } else if (c == '"') {
                int j = src.indexOf('"', i + 1);
                j = j < 0 ? src.length() : j + 1;
                out.add(new CToken(src.substring(i, j), line));
                i = j;
            } else {
                String two = i + 1 < src.length() ? src.substring(i, i + 2) : "";
                if (two.equals("<<") || two.equals(">>")) {
                    out.add(new CToken(two, line));
                    i += 2;
                } else {
                    out.add(new CToken(String.valueOf(c), line));
                    i++;
                }
            }
        }
        return out;
    }
}
