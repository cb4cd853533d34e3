package io.pgshift.engine;

import io.pgshift.backfill.KeyColumn;
import io.pgshift.catalog.CatalogReader;
import io.pgshift.catalog.ColumnInfo;
import io.pgshift.catalog.IndexInfo;
import io.pgshift.catalog.TableInfo;
import io.pgshift.playbook.TableRef;
import java.sql.Connection;
import java.util.List;
import java.util.Set;

/** The key the gate walks on a table no backfill touched: its primary key or unique NOT NULL key. */
final class KeyLookup {
    private KeyLookup() {
    }

    static List<KeyColumn> batchKey(Connection c, TableRef table) {
        TableInfo info = new CatalogReader().read(c, Set.of(table)).table(table)
                .orElseThrow(() -> new IllegalStateException("table " + table.display() + " disappeared during the run"));
        return info.batchKey().map(IndexInfo::columns).orElse(List.of()).stream()
                .map(col -> new KeyColumn(col, info.column(col).map(ColumnInfo::type).orElse("text"))).toList();
    }
}
