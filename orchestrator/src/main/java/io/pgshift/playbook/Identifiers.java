package io.pgshift.playbook;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Rules for names in playbooks. Identifiers are always quoted by pgshift, so they are
 * case-sensitive exactly as written; the pattern keeps out anything that would need quoting
 * to mean what it says (spaces, quotes, dots inside a name).
 */
public final class Identifiers {
    /** PostgreSQL truncates identifiers longer than NAMEDATALEN-1 bytes; pgshift refuses them instead. */
    public static final int MAX_BYTES = 63;
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");
    private static final Pattern PLAYBOOK_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern SQL_TYPE = Pattern.compile(
            "[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?( [A-Za-z_][A-Za-z0-9_]*)*( ?\\( ?[0-9]+( ?, ?-?[0-9]+)? ?\\))?( [A-Za-z ]+)?(\\[[0-9]*\\])*");

    private Identifiers() {
    }

    /** Null when valid, else what is wrong. */
    public static String checkIdentifier(String name) {
        if (!IDENT.matcher(name).matches()) {
            return "an identifier (letters, digits, _ or $, not starting with a digit)";
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "an identifier of at most " + MAX_BYTES + " bytes (PostgreSQL would truncate it)";
        }
        return null;
    }

    /** Null when valid, else what is wrong; accepts {@code table} or {@code schema.table}. */
    public static String checkTableName(String name) {
        int dot = name.indexOf('.');
        if (dot < 0) {
            return checkIdentifier(name);
        }
        String schemaProblem = checkIdentifier(name.substring(0, dot));
        String tableProblem = checkIdentifier(name.substring(dot + 1));
        return schemaProblem == null && tableProblem == null ? null
                : "a table name: identifier or schema.identifier (letters, digits, _ or $)";
    }

    public static String checkPlaybookName(String name) {
        return PLAYBOOK_NAME.matcher(name).matches() ? null
                : "a playbook name of lowercase letters, digits and '-' (at most 63, e.g. users-preferences)";
    }

    /** A column type such as {@code bigint}, {@code varchar(255)}, {@code numeric(10,2)}, {@code timestamp with time zone}, {@code text[]}. */
    public static String checkSqlType(String type) {
        return SQL_TYPE.matcher(type.trim()).matches() ? null
                : "a column type such as bigint, text, varchar(255), numeric(10,2), timestamptz, jsonb or text[]";
    }
}
