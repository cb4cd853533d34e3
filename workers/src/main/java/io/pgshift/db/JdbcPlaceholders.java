package io.pgshift.db;

/**
 * Makes a playbook's SQL fragment safe inside a JDBC {@code PreparedStatement}: the driver takes
 * every {@code ?} outside string literals, quoted identifiers and comments for a parameter, so
 * jsonb's {@code ?}, {@code ?|} and {@code ?&} operators in a {@code set}, {@code where} or
 * {@code check} expression broke the statement ("No value specified for parameter 2"). The
 * driver reads {@code ??} as a literal {@code ?}; this doubles exactly the question marks it would
 * take for parameters, and leaves literals ('..', E'..', $tag$..$tag$), "identifiers" and
 * comments as they are. Only for fragments placed in prepared statements, never for SQL run
 * through a plain {@code Statement} (where {@code ??} would stay two characters).
 */
public final class JdbcPlaceholders {
    private JdbcPlaceholders() {
    }

    public static String escape(String sql) {
        if (sql == null || sql.indexOf('?') < 0) {
            return sql;
        }
        StringBuilder out = new StringBuilder(sql.length() + 4);
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char ch = sql.charAt(i);
            int end;
            if (ch == '\'') {
                boolean backslashes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
                        && (i < 2 || !isIdentChar(sql.charAt(i - 2)));
                end = endOfQuoted(sql, i, '\'', backslashes);
            } else if (ch == '"') {
                end = endOfQuoted(sql, i, '"', false);
            } else if (ch == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int nl = sql.indexOf('\n', i);
                end = nl < 0 ? n : nl + 1;
            } else if (ch == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                end = endOfBlockComment(sql, i);
            } else if (ch == '$' && (i == 0 || !isIdentChar(sql.charAt(i - 1)))) {
                end = endOfDollarQuote(sql, i);
            } else {
                out.append(ch == '?' ? "??" : String.valueOf(ch));
                i++;
                continue;
            }
            out.append(sql, i, end);
            i = end;
        }
        return out.toString();
    }

    private static int endOfQuoted(String s, int start, char quote, boolean backslashes) {
        int i = start + 1;
        while (i < s.length()) {
            char ch = s.charAt(i);
            if (backslashes && ch == '\\') {
                i += 2;
            } else if (ch == quote) {
                if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return s.length();
    }

    private static int endOfBlockComment(String s, int start) {
        int depth = 0;
        int i = start;
        while (i < s.length()) {
            if (s.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (s.startsWith("*/", i)) {
                i += 2;
                if (--depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return s.length();
    }

    /** A $tag$...$tag$ literal from {@code start}; a lone {@code $} (like $1) is just a character. */
    private static int endOfDollarQuote(String s, int start) {
        int close = s.indexOf('$', start + 1);
        if (close < 0) {
            return start + 1;
        }
        String tag = s.substring(start, close + 1);
        for (int k = 1; k < tag.length() - 1; k++) {
            char c = tag.charAt(k);
            if (!(Character.isLetter(c) || c == '_' || (k > 1 && Character.isDigit(c)))) {
                return start + 1;
            }
        }
        int end = s.indexOf(tag, close + 1);
        return end < 0 ? s.length() : end + tag.length();
    }

    private static boolean isIdentChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
