package io.pgshift.playbook;

/** The target of a column-level foreign key in {@code create_table}. */
public record ForeignKeyRef(TableRef table, String column, ReferentialAction onDelete) {
}
