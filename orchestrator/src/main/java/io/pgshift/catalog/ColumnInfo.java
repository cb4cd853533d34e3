package io.pgshift.catalog;

/** A live column: {@code type} as format_type() prints it (e.g. {@code character varying(255)}), default may be null. */
public record ColumnInfo(String name, String type, boolean notNull, String defaultExpr, int ordinal) {
}
