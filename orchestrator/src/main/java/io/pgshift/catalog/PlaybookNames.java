package io.pgshift.catalog;

import io.pgshift.playbook.AddColumn;
import io.pgshift.playbook.AddForeignKey;
import io.pgshift.playbook.AddUnique;
import io.pgshift.playbook.Backfill;
import io.pgshift.playbook.ColumnDef;
import io.pgshift.playbook.ContractStep;
import io.pgshift.playbook.CreateIndex;
import io.pgshift.playbook.CreateTable;
import io.pgshift.playbook.ExpandStep;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.Requires;
import io.pgshift.playbook.TableRef;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The names a playbook touches, so the catalog is read for them and nothing else. */
public final class PlaybookNames {
    private PlaybookNames() {
    }

    /** Every table named anywhere in the playbook, including foreign-key targets. */
    public static Set<TableRef> tables(Playbook playbook) {
        Set<TableRef> tables = new LinkedHashSet<>();
        playbook.requires().tables().stream().map(Requires.RequiredTable::table).forEach(tables::add);
        for (ExpandStep step : playbook.expand()) {
            if (step instanceof CreateTable t) {
                tables.add(t.table());
                t.columns().stream().map(ColumnDef::references).filter(r -> r != null)
                        .forEach(r -> tables.add(r.table()));
            } else if (step instanceof AddColumn a) {
                tables.add(a.table());
            } else if (step instanceof CreateIndex i) {
                tables.add(i.table());
            }
        }
        playbook.backfill().stream().map(Backfill::table).forEach(tables::add);
        for (ContractStep step : playbook.contract()) {
            tables.add(step.table());
            if (step instanceof AddForeignKey fk) {
                tables.add(fk.referencedTable());
            }
        }
        return tables;
    }

    /** The relations the playbook creates: its new tables and indexes, each in its table's schema. */
    public static Set<TableRef> createdRelations(Playbook playbook) {
        Set<TableRef> names = new LinkedHashSet<>();
        for (ExpandStep step : playbook.expand()) {
            if (step instanceof CreateTable t) {
                names.add(t.table());
            } else if (step instanceof CreateIndex i) {
                names.add(new TableRef(i.table().schema(), indexName(i)));
            }
        }
        return names;
    }

    /** The index's name, or the one PostgreSQL would give it ({@code <table>_<columns>_idx}). */
    public static String indexName(CreateIndex index) {
        return index.name() != null ? index.name() : generated(index.table(), index.columns(), "idx");
    }

    /** The constraint's name, or the one PostgreSQL would give it ({@code <table>_<columns>_key}). */
    public static String constraintName(AddUnique unique) {
        return unique.name() != null ? unique.name() : generated(unique.table(), unique.columns(), "key");
    }

    /** The constraint's name, or the one PostgreSQL would give it ({@code <table>_<columns>_fkey}). */
    public static String constraintName(AddForeignKey fk) {
        return fk.name() != null ? fk.name() : generated(fk.table(), fk.columns(), "fkey");
    }

    private static String generated(TableRef table, List<String> columns, String suffix) {
        return io.pgshift.playbook.Names.generated(table, columns, suffix);
    }
}
