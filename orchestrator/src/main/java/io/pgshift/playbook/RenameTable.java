package io.pgshift.playbook;

/**
 * {@code rename_table}: the table takes its new name, and a view under the old name keeps the
 * application's old version working (reads and writes: a simple view is updatable) until cleanup.
 */
public record RenameTable(TableRef table, String to) implements ExpandStep {
    @Override
    public String kind() {
        return "rename_table";
    }

    /** The table under its new name, in the same schema. */
    public TableRef renamed() {
        return new TableRef(table.schema(), to);
    }
}
