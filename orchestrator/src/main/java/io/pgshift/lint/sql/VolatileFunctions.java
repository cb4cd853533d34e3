package io.pgshift.lint.sql;

import java.util.List;
import java.util.Set;

/**
 * Spots calls of VOLATILE functions. On ADD COLUMN a volatile DEFAULT is evaluated once per
 * existing row, so PostgreSQL rewrites the table; a non-volatile one (a constant, or STABLE
 * now()/current_timestamp) is stored once in the catalog and costs nothing (PostgreSQL 11+).
 */
public final class VolatileFunctions {
    private static final Set<String> NAMES = Set.of("clock_timestamp", "timeofday", "random", "random_normal",
            "setseed", "gen_random_uuid", "gen_random_bytes", "uuidv4", "uuidv7", "nextval");
    private static final String UUID_OSSP_PREFIX = "uuid_generate_";
    private static final Set<String> SERIAL_TYPES = Set.of("serial", "serial2", "serial4", "serial8",
            "smallserial", "bigserial");

    private VolatileFunctions() {
    }

    /** Whether the SQL expression calls a volatile function (comments and literals ignored). */
    public static boolean isVolatile(String expression) {
        return firstCall(SqlLexer.tokenize(expression)) != null;
    }

    /** The name of the first volatile function called in {@code tokens}, or null. */
    static String firstCall(List<SqlToken> tokens) {
        for (int k = 0; k + 1 < tokens.size(); k++) {
            SqlToken t = tokens.get(k);
            if (t.kind() == SqlToken.Kind.WORD && tokens.get(k + 1).isSymbol("(")
                    && (NAMES.contains(t.text()) || t.text().startsWith(UUID_OSSP_PREFIX))) {
                return t.text();
            }
        }
        return null;
    }

    /** Serial types are shorthand for an integer column with a {@code nextval()} default. */
    public static boolean isSerialType(String type) {
        return type != null && SERIAL_TYPES.contains(type.trim().toLowerCase(java.util.Locale.ROOT));
    }
}
