package io.pgshift.catalog;

import io.pgshift.playbook.TableRef;
import java.util.Map;
import java.util.Optional;

/** What the planner knows of the live database, read once, in one snapshot. */
public record CatalogSnapshot(String database, String serverVersion, int serverVersionNum,
                              Map<TableRef, TableInfo> tables) {
    public CatalogSnapshot {
        tables = Map.copyOf(tables);
    }

    public Optional<TableInfo> table(TableRef ref) {
        return Optional.ofNullable(tables.get(ref));
    }
}
