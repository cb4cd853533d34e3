package io.pgshift.lint.sql;

import java.util.ArrayList;
import java.util.List;

/** Reads a statement's tokens front to back; the {@code accept} methods advance only on a full match. */
final class TokenCursor {
    private final List<SqlToken> tokens;
    private int pos;

    TokenCursor(List<SqlToken> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    boolean atEnd() {
        return pos >= tokens.size();
    }

    /** The token {@code ahead} places after the cursor, or null past the end. */
    SqlToken peek(int ahead) {
        int at = pos + ahead;
        return at < tokens.size() ? tokens.get(at) : null;
    }

    /** Consumes and returns the next token, or null at the end. */
    SqlToken next() {
        return atEnd() ? null : tokens.get(pos++);
    }

    boolean peekIs(String wordOrSymbol) {
        SqlToken t = peek(0);
        return t != null && t.matches(wordOrSymbol);
    }

    /** Consumes {@code words} if they come next, in order; else consumes nothing. */
    boolean accept(String... words) {
        for (int k = 0; k < words.length; k++) {
            SqlToken t = peek(k);
            if (t == null || !t.matches(words[k])) {
                return false;
            }
        }
        pos += words.length;
        return true;
    }

    /** Consumes and returns whichever of {@code words} comes next, or null. */
    String acceptOneOf(String... words) {
        for (String w : words) {
            if (accept(w)) {
                return w;
            }
        }
        return null;
    }

    /** Reads {@code name} or {@code schema.name}, unquoted, or returns null when no identifier follows. */
    String name() {
        SqlToken first = peek(0);
        if (first == null || !first.isIdentifier()) {
            return null;
        }
        StringBuilder name = new StringBuilder(first.text());
        pos++;
        while (peekIs(".") && peek(1) != null && peek(1).isIdentifier()) {
            name.append('.').append(peek(1).text());
            pos += 2;
        }
        return name.toString();
    }

    /** Moves past the first top-level {@code word} in the rest of the statement; false (and no move) when absent. */
    boolean skipPast(String word) {
        int at = indexOfTopLevel(rest(), word);
        if (at < 0) {
            return false;
        }
        pos += at + 1;
        return true;
    }

    /** Skips a parenthesised group if one starts at the cursor. */
    void skipParens() {
        if (!peekIs("(")) {
            return;
        }
        int depth = 0;
        while (!atEnd()) {
            SqlToken t = tokens.get(pos++);
            depth += t.isSymbol("(") ? 1 : t.isSymbol(")") ? -1 : 0;
            if (depth == 0) {
                return;
            }
        }
    }

    List<SqlToken> rest() {
        return tokens.subList(pos, tokens.size());
    }

    /** Whether {@code words} occur in sequence in the rest of the statement, outside parentheses. */
    boolean restHasTopLevel(String... words) {
        return indexOfTopLevel(rest(), words) >= 0;
    }

    /** Index in {@code tokens} of the first top-level occurrence of the sequence {@code words}, or -1. */
    static int indexOfTopLevel(List<SqlToken> tokens, String... words) {
        int depth = 0;
        for (int k = 0; k < tokens.size(); k++) {
            if (depth == 0 && startsWith(tokens, k, words)) {
                return k;
            }
            SqlToken t = tokens.get(k);
            depth += t.isSymbol("(") ? 1 : t.isSymbol(")") ? -1 : 0;
        }
        return -1;
    }

    private static boolean startsWith(List<SqlToken> tokens, int at, String... words) {
        if (at + words.length > tokens.size()) {
            return false;
        }
        for (int k = 0; k < words.length; k++) {
            if (!tokens.get(at + k).matches(words[k])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Splits at top-level occurrences of {@code symbol} (commas between ALTER TABLE actions,
     * semicolons between statements).
     */
    static List<List<SqlToken>> splitTopLevel(List<SqlToken> tokens, String symbol) {
        List<List<SqlToken>> parts = new ArrayList<>();
        List<SqlToken> current = new ArrayList<>();
        int depth = 0;
        for (SqlToken t : tokens) {
            if (depth == 0 && t.isSymbol(symbol)) {
                parts.add(current);
                current = new ArrayList<>();
                continue;
            }
            depth += t.isSymbol("(") ? 1 : t.isSymbol(")") ? -1 : 0;
            current.add(t);
        }
        parts.add(current);
        parts.removeIf(List::isEmpty);
        return parts;
    }
}
