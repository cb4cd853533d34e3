package io.pgshift.playbook;

import java.util.List;
import java.util.stream.Collectors;

/** Quoting helpers: every identifier pgshift writes into SQL goes through {@link #ident}. */
public final class Quoting {
    private Quoting() {
    }

    /** Double-quotes an identifier, doubling embedded quotes (identifiers are validated too; this is defence in depth). */
    public static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** A comma-separated list of quoted identifiers. */
    public static String idents(List<String> names) {
        return names.stream().map(Quoting::ident).collect(Collectors.joining(", "));
    }

    /** A single-quoted SQL string literal. */
    public static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
