package io.pgshift.playbook;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Decides whether playbook text is one SQL expression (a {@code default}, {@code check},
 * backfill value, {@code where} or {@code using}) or one raw statement. pgshift pastes that text
 * into statements it generates, into PL/pgSQL bodies and into the {@code plan --format sql}
 * script, so text that could end the expression (a top-level {@code ;}, an unbalanced quote or
 * parenthesis), hide text from a reader (a comment), close a generated dollar quote, or start a
 * psql meta-command (a backslash outside quotes) is refused before anything is planned.
 *
 * <p>Not a SQL parser: it tokenises quotes, comments and brackets exactly as PostgreSQL's lexer
 * does and leaves the grammar to the server.
 */
public final class SqlExpression {
    /** Dollar-quote tags pgshift uses around generated bodies ({@code $pgshift$}, {@code $pgshift_swap$}, {@code $fn$}). */
    private static final String[] RESERVED = {"$pgshift", "$fn$"};

    private final String text;
    private final boolean statement;
    private final Deque<Character> brackets = new ArrayDeque<>();
    private int i;
    private boolean ended;
    /** 1-based offset of the {@code ;} that ended the statement. */
    private int endedAt;

    private SqlExpression(String text, boolean statement) {
        this.text = text;
        this.statement = statement;
    }

    /**
     * Null when {@code text} is exactly one expression, else what is expected instead, to follow
     * "expected" as the other {@link Identifiers} checks do.
     */
    public static String checkExpression(String text) {
        String wrong = expressionProblem(text);
        return wrong == null ? null : "one SQL expression (" + wrong + ")";
    }

    /** Null when {@code text} is exactly one expression, else what is wrong with it. */
    public static String expressionProblem(String text) {
        if (text.isBlank()) {
            return "it is empty";
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (String tag : RESERVED) {
            if (lower.contains(tag)) {
                return "'" + tag + "' is reserved for the dollar quotes of the bodies pgshift generates:"
                        + " use another dollar-quote tag, or split the text ('$' || 'pgshift')";
            }
        }
        return new SqlExpression(text, false).scan();
    }

    /** Null when {@code text} is exactly one statement, with at most a trailing {@code ;}; comments are allowed. */
    public static String checkStatement(String text) {
        if (text.isBlank()) {
            return "expected a SQL statement, got an empty string";
        }
        return new SqlExpression(text, true).scan();
    }

    private String scan() {
        while (i < text.length()) {
            char c = text.charAt(i);
            String wrong = ended && !Character.isWhitespace(c) && c != ';' && !startsComment() ? afterEnd() : step(c);
            if (wrong != null) {
                return wrong;
            }
        }
        if (!brackets.isEmpty()) {
            return "'" + brackets.peek() + "' is never closed";
        }
        return null;
    }

    private String afterEnd() {
        return "text follows the ';' at offset " + endedAt + ": one statement per step, split it into several steps";
    }

    private boolean startsComment() {
        return text.startsWith("--", i) || text.startsWith("/*", i);
    }

    /** Consumes the token at the cursor; returns what is wrong with it, or null. */
    private String step(char c) {
        if (startsComment()) {
            return comment();
        }
        switch (c) {
            case '\'':
                return quoted(i, escapePrefix());
            case '"':
                return identifier();
            case '$':
                return dollar();
            case ';':
                if (!statement) {
                    return "';' ends a statement: an expression cannot hold one outside quotes";
                }
                if (!brackets.isEmpty()) {
                    return "';' inside '" + brackets.peek() + "': one statement per step";
                }
                if (!ended) {
                    endedAt = i + 1;
                }
                ended = true;
                i++;
                return null;
            case '\\':
                return "a backslash outside quotes is no SQL, and psql would read it as a meta-command";
            case '(', '[':
                brackets.push(c);
                i++;
                return null;
            case ')', ']':
                char open = c == ')' ? '(' : '[';
                if (brackets.isEmpty() || brackets.peek() != open) {
                    return "'" + c + "' at offset " + (i + 1) + " closes nothing that is open";
                }
                brackets.pop();
                i++;
                return null;
            case ':':
                return colon();
            case '\0':
                return "a NUL character is no SQL";
            default:
                i++;
                return null;
        }
    }

    /**
     * psql replaces {@code :name}, {@code :'name'} and {@code :"name"} outside quotes by the value
     * of a psql variable, so the script would run other text than the plan shows; {@code ::} is a
     * cast and is left alone. An array slice reads the same with a space: {@code a[1 : n]}.
     */
    private String colon() {
        boolean cast = text.startsWith("::", i) || (i > 0 && text.charAt(i - 1) == ':');
        if (!cast && i + 1 < text.length()) {
            char next = text.charAt(i + 1);
            if (Character.isLetter(next) || next == '_' || next == '\'' || next == '"') {
                return "':" + next + "' would be replaced by a psql variable in the plan's SQL script:"
                        + " put a space after the ':'";
            }
        }
        i++;
        return null;
    }

    /** Whether the quote at the cursor opens an {@code E'...'} string (backslash escapes). */
    private boolean escapePrefix() {
        if (i == 0 || Character.toLowerCase(text.charAt(i - 1)) != 'e') {
            return false;
        }
        return i == 1 || !isIdentChar(text.charAt(i - 2));
    }

    private String comment() {
        if (!statement) {
            return "comments ('--', '/*') are not accepted in an expression: they could hide text from a reader"
                    + " of the plan";
        }
        int start = i;
        String wrong = text.startsWith("--", i) ? lineComment() : blockComment();
        if (wrong == null && text.substring(start, i).indexOf('\\') >= 0) {
            // psql skips comments as PostgreSQL does, but a reader's tool may not: no backslash anywhere outside quotes
            return "a backslash in a comment could be read as a psql meta-command: remove it";
        }
        return wrong;
    }

    /** Like PostgreSQL's lexer, a {@code --} comment ends at a carriage return as well as a line feed. */
    private String lineComment() {
        while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
            i++;
        }
        return null;
    }

    private String blockComment() {
        // PostgreSQL's block comments nest
        int depth = 0;
        while (i < text.length()) {
            if (text.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (text.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return null;
                }
            } else {
                i++;
            }
        }
        return "a '/*' comment is never closed";
    }

    /**
     * A string literal from the quote at {@code start}. In a standard string a backslash is plain
     * text only while standard_conforming_strings is on; before a quote it would end the string
     * differently with it off, so that one spelling is refused.
     */
    private String quoted(int start, boolean escapes) {
        int j = start + 1;
        while (j < text.length()) {
            char c = text.charAt(j);
            if (c == '\\' && escapes) {
                j += 2;
            } else if (c == '\\' && j + 1 < text.length() && text.charAt(j + 1) == '\'') {
                return "a backslash before a quote in '...' means different things depending on"
                        + " standard_conforming_strings: write E'...' with \\' or double the quote ('')";
            } else if (c == '\'') {
                if (j + 1 < text.length() && text.charAt(j + 1) == '\'') {
                    j += 2;
                } else {
                    i = j + 1;
                    return null;
                }
            } else {
                j++;
            }
        }
        return "the string literal opened at offset " + (start + 1) + " is never closed";
    }

    private String identifier() {
        int start = i;
        int j = i + 1;
        while (j < text.length()) {
            if (text.charAt(j) == '"') {
                if (j + 1 < text.length() && text.charAt(j + 1) == '"') {
                    j += 2;
                    continue;
                }
                i = j + 1;
                return null;
            }
            j++;
        }
        return "the quoted identifier opened at offset " + (start + 1) + " is never closed";
    }

    /** {@code $$} or {@code $tag$} opens a dollar quote; {@code $1} or a {@code $} inside a name does not. */
    private String dollar() {
        if (i > 0 && isIdentChar(text.charAt(i - 1))) {
            i++;
            return null;
        }
        int j = i + 1;
        if (j < text.length() && (Character.isLetter(text.charAt(j)) || text.charAt(j) == '_')) {
            while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) {
                j++;
            }
        }
        if (j >= text.length() || text.charAt(j) != '$') {
            i++;
            return null;
        }
        String tag = text.substring(i, j + 1);
        int close = text.indexOf(tag, j + 1);
        if (close < 0) {
            return "the dollar quote " + tag + " opened at offset " + (i + 1) + " is never closed";
        }
        i = close + tag.length();
        return null;
    }

    private static boolean isIdentChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
