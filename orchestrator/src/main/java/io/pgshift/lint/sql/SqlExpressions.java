package io.pgshift.lint.sql;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/**
 * Questions lint asks about the SQL fragments of a playbook ({@code set}, {@code where}),
 * answered from tokens alone.
 */
public final class SqlExpressions {
    private static final Set<String> TYPE_SYMBOLS = Set.of("(", ")", "[", "]", ",", ".", ":");
    private static final Set<String> EXPRESSION_WORDS = Set.of("is", "isnull", "notnull", "and", "or", "not", "in",
            "like", "ilike", "similar", "between", "collate", "at", "overlaps");
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

    /**
     * Whether {@code expression} is the NULL constant, however dressed: {@code NULL},
     * {@code (null)}, {@code NULL::jsonb}, {@code CAST(NULL AS text)}. As a column default it fills
     * nothing: rows that omit the column get NULL.
     */
    public static boolean isNullLiteral(String expression) {
        List<SqlToken> t = unwrap(SqlLexer.tokenize(expression));
        for (List<SqlToken> inner = castOperand(t); inner != null; inner = castOperand(t)) {
            t = unwrap(inner);
        }
        return t.size() == 1 && t.get(0).isWord("null");
    }

    /**
     * Whether {@code defaultExpr}, as a column default, gives rows that omit the column a value:
     * there is one and it is not {@link #isNullLiteral NULL}.
     */
    public static boolean isNonNullDefault(String defaultExpr) {
        return defaultExpr != null && !defaultExpr.isBlank() && !isNullLiteral(defaultExpr);
    }

    /**
     * Whether {@code expression} refers to {@code column} anywhere ({@code x > 0}, {@code t.x},
     * {@code "x"}), matched as {@link #isColumnReference} does. A word before {@code (} is a
     * function and a word after {@code ::} a type, so neither counts; nor does text inside literals.
     */
    public static boolean mentionsColumn(String expression, String column) {
        List<SqlToken> t = SqlLexer.tokenize(expression);
        for (int k = 0; k < t.size(); k++) {
            boolean call = k + 1 < t.size() && t.get(k + 1).isSymbol("(");
            boolean type = k >= 2 && t.get(k - 1).isSymbol(":") && t.get(k - 2).isSymbol(":");
            if (t.get(k).isIdentifier() && t.get(k).text().equals(column) && !call && !type) {
                return true;
            }
        }
        return false;
    }

    /** What {@code x::type} or {@code CAST(x AS type)} casts, or null when the whole expression is no cast. */
    private static List<SqlToken> castOperand(List<SqlToken> t) {
        int depth = 0;
        for (int k = 0; k + 1 < t.size(); k++) {
            depth += t.get(k).isSymbol("(") ? 1 : t.get(k).isSymbol(")") ? -1 : 0;
            if (depth == 0 && k > 0 && t.get(k).isSymbol(":") && t.get(k + 1).isSymbol(":")) {
                // NULL::int IS NULL is no cast of NULL as a whole: only type names may follow.
                return isTypeName(t.subList(k + 2, t.size())) ? t.subList(0, k) : null;
            }
        }
        if (t.size() >= 4 && t.get(0).isWord("cast") && closingParen(t.subList(1, t.size())) == t.size() - 2) {
            depth = 0;
            for (int k = 2; k < t.size() - 1; k++) {
                depth += t.get(k).isSymbol("(") ? 1 : t.get(k).isSymbol(")") ? -1 : 0;
                if (depth == 0 && t.get(k).isWord("as")) {
                    return t.subList(2, k);
                }
            }
        }
        return null;
    }

    /**
     * Whether the tokens can only be a type name, or several chained by {@code ::}
     * ({@code character varying(3)}, {@code text[]}, {@code public.money}): no operator, and no
     * keyword that continues an expression.
     */
    private static boolean isTypeName(List<SqlToken> t) {
        return !t.isEmpty() && t.stream().allMatch(x -> switch (x.kind()) {
            case SYMBOL -> TYPE_SYMBOLS.contains(x.text());
            case WORD -> !EXPRESSION_WORDS.contains(x.text());
            default -> true;
        });
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
