package io.pgshift.lint.rules;

import io.pgshift.lint.sql.SqlExpressions;
import io.pgshift.playbook.AddColumn;
import io.pgshift.playbook.Backfill;
import io.pgshift.playbook.ExpandStep;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.SetNotNull;
import io.pgshift.playbook.TableRef;
import java.util.ArrayList;
import java.util.List;

/**
 * What a playbook itself does to one column: whether expand adds it (and with which default) and
 * which backfills set it. Columns that already exist are not judged here: the gate counts their
 * NULLs at run time.
 *
 * @param addIndex   position in expand of the add_column, or -1 when the column is not added here
 * @param added      that add_column, or null
 * @param backfills  positions of the backfills whose {@code set} names the column
 */
record ColumnFacts(int addIndex, AddColumn added, List<Integer> backfills) {
    static ColumnFacts of(Playbook playbook, TableRef table, String column) {
        int addIndex = -1;
        AddColumn added = null;
        List<ExpandStep> expand = playbook.expand();
        for (int i = 0; i < expand.size() && added == null; i++) {
            if (expand.get(i) instanceof AddColumn a && a.table().equals(table) && a.column().equals(column)) {
                addIndex = i;
                added = a;
            }
        }
        List<Integer> backfills = new ArrayList<>();
        for (int i = 0; i < playbook.backfill().size(); i++) {
            Backfill b = playbook.backfill().get(i);
            if (b.table().equals(table) && b.set().containsKey(column)) {
                backfills.add(i);
            }
        }
        return new ColumnFacts(addIndex, added, List.copyOf(backfills));
    }

    /** A set_not_null of contract, at {@code index}, with the facts about its column. */
    record Tightened(int index, SetNotNull step, ColumnFacts facts) {
    }

    /** Every set_not_null of the playbook's contract, in order. */
    static List<Tightened> tightened(Playbook playbook) {
        List<Tightened> tightened = new ArrayList<>();
        for (int i = 0; i < playbook.contract().size(); i++) {
            if (playbook.contract().get(i) instanceof SetNotNull s) {
                tightened.add(new Tightened(i, s, of(playbook, s.table(), s.column())));
            }
        }
        return tightened;
    }

    boolean addedHere() {
        return added != null;
    }

    /** A default on add_column fills every existing row and every row old code inserts. */
    boolean defaultFillsRows() {
        return added != null && SqlExpressions.isNonNullDefault(added.defaultExpr());
    }

    static boolean filtered(Backfill backfill) {
        return backfill.where() != null && !backfill.where().isBlank();
    }
}
