package io.pgshift.playbook;

/**
 * Tells whether SQL text holds more than one statement: a {@code ;} followed by more than
 * whitespace or comments, outside string literals, quoted identifiers, dollar quotes and comments.
 * Not a SQL parser: it only has to avoid being fooled by a semicolon inside a function body.
 */
public final class StatementScanner {
    private StatementScanner() {
    }

    public static boolean hasSeveralStatements(String sql) {
        boolean ended = false;
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (sql.startsWith("--", i)) {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? sql.length() : nl + 1;
            } else if (sql.startsWith("/*", i)) {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? sql.length() : close + 2;
            } else if (c == ';') {
                ended = true;
                i++;
            } else if (ended) {
                return true;
            } else if (c == '\'' || c == '"') {
                int close = sql.indexOf(c, i + 1);
                i = close < 0 ? sql.length() : close + 1; // a doubled quote reads as close-then-open: same result
            } else if (c == '$' && (i == 0 || !isIdentChar(sql.charAt(i - 1)))) {
                i = skipDollarQuote(sql, i);
            } else {
                i++;
            }
        }
        return false;
    }

    /** At a {@code $}: past the closing tag of a dollar quote, or just past the {@code $} when it opens none ({@code $1}). */
    private static int skipDollarQuote(String sql, int start) {
        int j = start + 1;
        if (j < sql.length() && Character.isDigit(sql.charAt(j))) {
            return j;
        }
        while (j < sql.length() && isIdentChar(sql.charAt(j))) {
            j++;
        }
        if (j >= sql.length() || sql.charAt(j) != '$') {
            return start + 1;
        }
        String tag = sql.substring(start, j + 1);
        int close = sql.indexOf(tag, j + 1);
        return close < 0 ? sql.length() : close + tag.length();
    }

    private static boolean isIdentChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
