package io.pgshift.playbook;

/**
 * {@code alter_column_type}: change a column's type without rewriting the table under a lock.
 * pgshift adds a shadow column of the new type kept in sync by a trigger, backfills it, checks it
 * in the gate, then swaps the two in one short transaction; the old column stays until cleanup.
 *
 * @param using the conversion, an expression over the row's columns; {@code <column>::<type>} when not given
 */
public record AlterColumnType(TableRef table, String column, String type, String using) implements ExpandStep {
    @Override
    public String kind() {
        return "alter_column_type";
    }

    /** The conversion as written, or the plain cast. */
    public String conversion() {
        return using != null ? using : Quoting.ident(column) + "::" + type;
    }

    /** The shadow column filled before the swap ({@code <column>_pgshift_new}). */
    public String shadow() {
        return Names.fit(column + "_pgshift_new");
    }

    /** The old column's name after the swap, kept until cleanup ({@code <column>_pgshift_old}). */
    public String retired() {
        return Names.fit(column + "_pgshift_old");
    }
}
