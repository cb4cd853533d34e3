package io.pgshift.playbook;

/** A column of a table created by {@code create_table}; {@code defaultExpr} and {@code references} may be null. */
public record ColumnDef(String name, String type, boolean nullable, String defaultExpr, ForeignKeyRef references) {
}
