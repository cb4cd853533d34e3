package io.pgshift.playbook;

import java.util.List;

/** {@code add_foreign_key}; {@code name} is generated ({@code <table>_<columns>_fkey}) when not given. */
public record AddForeignKey(TableRef table, List<String> columns, TableRef referencedTable,
                            List<String> referencedColumns, ReferentialAction onDelete, String name)
        implements ContractStep {
    public AddForeignKey {
        columns = List.copyOf(columns);
        referencedColumns = List.copyOf(referencedColumns);
    }

    @Override
    public String kind() {
        return "add_foreign_key";
    }
}
