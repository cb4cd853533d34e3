package io.pgshift.playbook;

import java.util.List;

/** Preconditions: tables (and columns) that must exist before the playbook starts. Nothing is created. */
public record Requires(List<RequiredTable> tables) {
    public static final Requires NONE = new Requires(List.of());

    public Requires {
        tables = List.copyOf(tables);
    }

    public record RequiredTable(TableRef table, List<String> columns) {
        public RequiredTable {
            columns = List.copyOf(columns);
        }
    }
}
