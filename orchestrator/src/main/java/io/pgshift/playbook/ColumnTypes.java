package io.pgshift.playbook;

import java.util.regex.Pattern;

/**
 * A column's {@code type} in a playbook may carry an identity clause
 * ({@code bigint generated always as identity}); the data type alone is what foreign keys must
 * match and what a PL/pgSQL variable is declared as.
 */
public final class ColumnTypes {
    private static final Pattern IDENTITY = Pattern.compile("(?i)\\s+generated\\s+(always|by\\s+default)\\s+as\\s+identity\\s*$");

    private ColumnTypes() {
    }

    /** The data type without an identity clause: {@code bigint generated always as identity} → {@code bigint}. */
    public static String dataType(String type) {
        return IDENTITY.matcher(type).replaceFirst("");
    }
}
