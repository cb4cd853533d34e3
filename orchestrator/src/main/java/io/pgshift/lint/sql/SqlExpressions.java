package io.pgshift.lint.sql;

import java.math.BigDecimal;
import java.util.List;

/**
 * Questions lint asks about the SQL fragments of a playbook ({@code set}, {@code where}),
 * answered from tokens alone.
 */
public final class SqlExpressions {
    private SqlExpressions() {
    }

    /**
     * Whether {@code expression} is just a reference to {@code column} ({@code x}, {@code "x"},
     * {@code (x)}). pgshift quotes column names as written, while PostgreSQL folds an unquoted
     * reference to lower case, so {@code X} refers to the column {@code x}.
     */
    public static boolean isColumnReference(String expression, String column) {
        List<SqlToken> tokens = unwrap(SqlLexer.tokenize(expression));
        return tokens.size() == 1 && tokens.get(0).isIdentifier() && tokens.get(0).text().equals(column);
    }

    /** Whether {@code predicate} is false (or NULL) whatever the row: {@code false}, {@code 1 = 0}, {@code null}. */
    public static boolean isAlwaysFalse(String predicate) {
        List<SqlToken> t = unwrap(SqlLexer.tokenize(predicate));
        if (t.size() == 1) {
            return t.get(0).isWord("false") || t.get(0).isWord("null");
        }
        if (t.size() == 2 && t.get(0).isWord("not")) {
            return t.get(1).isWord("true");
        }
        return t.size() == 3 && t.get(1).isSymbol("=") && differentConstants(t.get(0), t.get(2));
    }

    private static boolean differentConstants(SqlToken a, SqlToken b) {
        if (a.kind() != b.kind()) {
            return false;
        }
        return switch (a.kind()) {
            case NUMBER -> number(a) != null && number(b) != null && number(a).compareTo(number(b)) != 0;
            case STRING -> !a.text().equals(b.text());
            case WORD -> isBoolean(a) && isBoolean(b) && !a.text().equals(b.text());
            default -> false;
        };
    }

    private static boolean isBoolean(SqlToken t) {
        return t.isWord("true") || t.isWord("false");
    }

    private static BigDecimal number(SqlToken t) {
        try {
            return new BigDecimal(t.text());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Drops parentheses that enclose the whole expression. */
    private static List<SqlToken> unwrap(List<SqlToken> tokens) {
        List<SqlToken> t = tokens;
        while (t.size() >= 2 && t.get(0).isSymbol("(") && closingParen(t) == t.size() - 1) {
            t = t.subList(1, t.size() - 1);
        }
        return t;
    }

    private static int closingParen(List<SqlToken> tokens) {
        int depth = 0;
        for (int k = 0; k < tokens.size(); k++) {
            depth += tokens.get(k).isSymbol("(") ? 1 : tokens.get(k).isSymbol(")") ? -1 : 0;
            if (depth == 0) {
                return k;
            }
        }
        return -1;
    }
}
