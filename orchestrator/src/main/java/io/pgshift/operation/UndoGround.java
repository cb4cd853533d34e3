package io.pgshift.operation;

import io.pgshift.catalog.CatalogSnapshot;
import io.pgshift.catalog.ColumnInfo;
import io.pgshift.catalog.Dependent;
import io.pgshift.catalog.Dependent.Kind;
import io.pgshift.catalog.Dependent.Part;
import io.pgshift.plan.Statement;
import io.pgshift.playbook.TableRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The columns a dropped index or constraint stands on, as planned: what its undo needs still there.
 * A later drop_column or drop_table of the same run is not undone, and an undo putting an index
 * or constraint back on what it removed would fail the whole rollback; such undo statements are
 * skipped instead ({@link Guards#groundGone}).
 */
final class UndoGround {
    private UndoGround() {
    }

    /**
     * The columns of {@code table} the object {@code name} depends on (key, INCLUDE, expression and
     * predicate columns, from pg_depend), plus {@code known} ones that are columns of the table.
     */
    static List<String> columns(CatalogSnapshot catalog, TableRef table, Set<Kind> kinds, String name,
                                Collection<String> known) {
        Set<String> columns = new LinkedHashSet<>();
        for (Dependent d : catalog.dependents()) {
            if (d.table().equals(table) && d.part() == Part.COLUMN && kinds.contains(d.kind()) && table.equals(d.owner())
                    && d.name().equals(name)) {
                columns.add(d.partName());
            }
        }
        catalog.table(table).ifPresent(t -> known.stream()
                .filter(c -> t.columns().stream().map(ColumnInfo::name).anyMatch(c::equals)).forEach(columns::add));
        return new ArrayList<>(columns);
    }

    /** Each statement, also skipped when the table or one of the columns is gone. */
    static List<Statement> unlessGone(List<Statement> undo, TableRef table, Collection<String> columns) {
        String gone = Guards.groundGone(table, columns);
        return undo.stream().map(s -> Statements.skippedIf(s, gone)).toList();
    }
}
