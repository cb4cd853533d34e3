package io.pgshift.lint.sql;

/**
 * One lexical token of a SQL statement. Unquoted words are folded to lower case, as PostgreSQL
 * folds them; quoted identifiers keep their case without the quotes; string literals and
 * dollar-quoted bodies are opaque, so nothing inside them is ever matched as a keyword.
 */
record SqlToken(Kind kind, String text) {
    enum Kind { WORD, QUOTED_IDENT, STRING, NUMBER, SYMBOL }

    boolean isWord(String word) {
        return kind == Kind.WORD && text.equals(word);
    }

    boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }

    /** A keyword or a punctuation mark, as {@link TokenCursor#accept} matches them. */
    boolean matches(String wordOrSymbol) {
        return (kind == Kind.WORD || kind == Kind.SYMBOL) && text.equals(wordOrSymbol);
    }

    boolean isIdentifier() {
        return kind == Kind.WORD || kind == Kind.QUOTED_IDENT;
    }
}
