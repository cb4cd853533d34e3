package io.pgshift.lint.sql;

import io.pgshift.lint.sql.SqlToken.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits SQL into tokens, dropping comments (nested block comments included) and keeping string
 * literals, escape strings and dollar-quoted bodies as single opaque tokens. Lenient: an
 * unterminated literal or comment runs to the end of the text, it never throws.
 */
final class SqlLexer {
    private final String s;
    private final List<SqlToken> out = new ArrayList<>();
    private int i;

    private SqlLexer(String sql) {
        this.s = sql;
    }

    static List<SqlToken> tokenize(String sql) {
        return new SqlLexer(sql == null ? "" : sql).run();
    }

    private List<SqlToken> run() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (s.startsWith("--", i)) {
                int end = s.indexOf('\n', i);
                i = end < 0 ? s.length() : end + 1;
            } else if (s.startsWith("/*", i)) {
                skipBlockComment();
            } else if (c == '\'') {
                quoted('\'', Kind.STRING, false);
            } else if ((c == 'e' || c == 'E') && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                i++;
                quoted('\'', Kind.STRING, true);
            } else if (c == '"') {
                quoted('"', Kind.QUOTED_IDENT, false);
            } else if (c == '$' && dollarTag() != null) {
                dollarString(dollarTag());
            } else if (isIdentStart(c)) {
                word();
            } else if (Character.isDigit(c)) {
                number();
            } else {
                out.add(new SqlToken(Kind.SYMBOL, String.valueOf(c)));
                i++;
            }
        }
        return out;
    }

    private void skipBlockComment() {
        int depth = 0;
        while (i < s.length()) {
            if (s.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (s.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return;
                }
            } else {
                i++;
            }
        }
    }

    /** A literal closed by {@code quote}, where a doubled quote (or, in escape strings, a backslash) escapes. */
    private void quoted(char quote, Kind kind, boolean backslashEscapes) {
        StringBuilder text = new StringBuilder();
        i++;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (backslashEscapes && c == '\\' && i + 1 < s.length()) {
                text.append(s.charAt(i + 1));
                i += 2;
            } else if (c == quote && i + 1 < s.length() && s.charAt(i + 1) == quote) {
                text.append(quote);
                i += 2;
            } else if (c == quote) {
                i++;
                break;
            } else {
                text.append(c);
                i++;
            }
        }
        out.add(new SqlToken(kind, text.toString()));
    }

    /** {@code $$} or {@code $tag$} at the cursor, or null ({@code $1} is a parameter, not a quote). */
    private String dollarTag() {
        int j = i + 1;
        if (j < s.length() && isIdentStart(s.charAt(j))) {
            while (j < s.length() && (isIdentStart(s.charAt(j)) || Character.isDigit(s.charAt(j)))) {
                j++;
            }
        }
        return j < s.length() && s.charAt(j) == '$' ? s.substring(i, j + 1) : null;
    }

    private void dollarString(String tag) {
        int start = i + tag.length();
        int end = s.indexOf(tag, start);
        out.add(new SqlToken(Kind.STRING, end < 0 ? s.substring(start) : s.substring(start, end)));
        i = end < 0 ? s.length() : end + tag.length();
    }

    private void word() {
        int start = i;
        while (i < s.length() && (isIdentStart(s.charAt(i)) || Character.isDigit(s.charAt(i)) || s.charAt(i) == '$')) {
            i++;
        }
        out.add(new SqlToken(Kind.WORD, s.substring(start, i).toLowerCase(Locale.ROOT)));
    }

    private void number() {
        int start = i;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        out.add(new SqlToken(Kind.NUMBER, s.substring(start, i)));
    }

    private static boolean isIdentStart(char c) {
        return c == '_' || (c < 128 ? Character.isLetter(c) : Character.isLetterOrDigit(c));
    }
}
