package io.pgshift.playbook;

import java.util.Objects;

/** A table name as written in a playbook, resolved against the playbook's default schema. */
public record TableRef(String schema, String name) {
    public TableRef {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
    }

    /** Parses {@code table} or {@code schema.table}; both parts must be valid identifiers (checked by the caller). */
    public static TableRef parse(String text, String defaultSchema) {
        int dot = text.indexOf('.');
        return dot < 0 ? new TableRef(defaultSchema, text) : new TableRef(text.substring(0, dot), text.substring(dot + 1));
    }

    /** The quoted, schema-qualified form used in every statement pgshift writes. */
    public String sql() {
        return Quoting.ident(schema) + "." + Quoting.ident(name);
    }

    /** How the table is shown to people: {@code users}, or {@code audit.events} outside the default schema. */
    public String display() {
        return "public".equals(schema) ? name : schema + "." + name;
    }

    @Override
    public String toString() {
        return display();
    }
}
