package io.pgshift.playbook;

import java.util.List;

/** {@code create_table}: a new table (nobody uses it yet, so its locks contend with no one). */
public record CreateTable(TableRef table, List<ColumnDef> columns, List<String> primaryKey) implements ExpandStep {
    public CreateTable {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
    }

    @Override
    public String kind() {
        return "create_table";
    }
}
