package io.pgshift.ops.preflight;

import io.pgshift.catalog.PlaybookNames;
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
import io.pgshift.playbook.RawSql;
import io.pgshift.playbook.TableRef;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** What the playbook will do to each table it names, hence which privileges its role needs there. */
public record TableNeeds(Map<TableRef, Set<Need>> byTable, boolean buildsIndexes, boolean hasRawSql) {
    public enum Need {
        /** DDL (ALTER TABLE, CREATE INDEX): only the owner, a member of the owner's role, or a superuser. */
        ALTER,
        /** Backfill batches. */
        UPDATE,
        /** keep_in_sync: a trigger on the table. */
        TRIGGER,
        /** A foreign key pointing at the table. */
        REFERENCES,
        /** requires: the table is only read. */
        SELECT,
        /** The playbook creates the table: CREATE on its schema. */
        CREATE_IN_SCHEMA
    }

    public TableNeeds {
        Map<TableRef, Set<Need>> copy = new LinkedHashMap<>();
        byTable.forEach((t, n) -> copy.put(t, Collections.unmodifiableSet(EnumSet.copyOf(n))));
        byTable = Collections.unmodifiableMap(copy);
    }

    public static TableNeeds of(Playbook playbook) {
        Map<TableRef, Set<Need>> needs = new LinkedHashMap<>();
        PlaybookNames.tables(playbook).forEach(t -> add(needs, t, Need.SELECT));
        boolean indexes = false;
        boolean raw = false;
        for (ExpandStep step : playbook.expand()) {
            if (step instanceof CreateTable t) {
                add(needs, t.table(), Need.CREATE_IN_SCHEMA);
                t.columns().stream().map(ColumnDef::references).filter(r -> r != null)
                        .forEach(r -> add(needs, r.table(), Need.REFERENCES));
            } else if (step instanceof AddColumn a) {
                add(needs, a.table(), Need.ALTER);
            } else if (step instanceof CreateIndex i) {
                add(needs, i.table(), Need.ALTER);
                indexes = true;
            } else if (step instanceof RawSql) {
                raw = true;
            }
        }
        for (Backfill b : playbook.backfill()) {
            add(needs, b.table(), Need.UPDATE);
            if (b.keepInSync()) {
                add(needs, b.table(), Need.TRIGGER);
            }
        }
        for (ContractStep step : playbook.contract()) {
            add(needs, step.table(), Need.ALTER);
            if (step instanceof AddForeignKey fk) {
                add(needs, fk.referencedTable(), Need.REFERENCES);
            }
            indexes |= step instanceof AddUnique;
        }
        return new TableNeeds(needs, indexes, raw);
    }

    private static void add(Map<TableRef, Set<Need>> needs, TableRef table, Need need) {
        needs.computeIfAbsent(table, t -> EnumSet.noneOf(Need.class)).add(need);
    }
}
