package io.pgshift.planner;

import io.pgshift.backfill.KeyColumn;
import io.pgshift.catalog.CatalogSnapshot;
import io.pgshift.catalog.ColumnInfo;
import io.pgshift.catalog.IndexInfo;
import io.pgshift.catalog.TableInfo;
import io.pgshift.playbook.AddColumn;
import io.pgshift.playbook.ColumnTypes;
import io.pgshift.playbook.CreateTable;
import io.pgshift.playbook.ExpandStep;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A table's columns and batch key as they will be after expand: the live catalog plus what the
 * playbook creates. Used for the backfill statement and the sync trigger's variables.
 */
final class TableShapes {
    private final Playbook playbook;
    private final CatalogSnapshot catalog;

    TableShapes(Playbook playbook, CatalogSnapshot catalog) {
        this.playbook = playbook;
        this.catalog = catalog;
    }

    List<KeyColumn> columnsAfterExpand(TableRef table) {
        List<KeyColumn> columns = new ArrayList<>();
        Optional<TableInfo> live = catalog.table(table);
        live.ifPresent(t -> t.columns().forEach(c -> columns.add(new KeyColumn(c.name(), c.type()))));
        createdBy(table).ifPresent(ct -> ct.columns().forEach(c -> addIfAbsent(columns, c.name(), ColumnTypes.dataType(c.type()))));
        for (ExpandStep step : playbook.expand()) {
            if (step instanceof AddColumn a && a.table().equals(table)) {
                addIfAbsent(columns, a.column(), a.type());
            }
        }
        return columns;
    }

    /** The key a backfill walks, in index order; empty when the table has none. */
    List<KeyColumn> batchKey(TableRef table) {
        Optional<TableInfo> live = catalog.table(table);
        if (live.isPresent()) {
            TableInfo t = live.get();
            return t.batchKey().map(IndexInfo::columns).orElse(List.of()).stream()
                    .map(c -> new KeyColumn(c, t.column(c).map(ColumnInfo::type).orElse("text"))).toList();
        }
        return createdBy(table).map(ct -> ct.primaryKey().stream()
                .map(k -> new KeyColumn(k, ct.columns().stream().filter(c -> c.name().equals(k))
                        .map(c -> ColumnTypes.dataType(c.type())).findFirst().orElse("text"))).toList()).orElse(List.of());
    }

    long estimatedRows(TableRef table) {
        return catalog.table(table).map(TableInfo::rowEstimate).map(r -> Math.max(r, 0)).orElse(0L);
    }

    boolean analysed(TableRef table) {
        return catalog.table(table).map(t -> t.rowEstimate() >= 0).orElse(true);
    }

    private Optional<CreateTable> createdBy(TableRef table) {
        return playbook.expand().stream().filter(s -> s instanceof CreateTable c && c.table().equals(table))
                .map(CreateTable.class::cast).findFirst();
    }

    private static void addIfAbsent(List<KeyColumn> columns, String name, String type) {
        if (columns.stream().noneMatch(c -> c.name().equals(name))) {
            columns.add(new KeyColumn(name, type));
        }
    }
}
