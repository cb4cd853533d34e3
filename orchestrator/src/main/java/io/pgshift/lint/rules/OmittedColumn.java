package io.pgshift.lint.rules;

import io.pgshift.lint.sql.SqlExpressions;
import io.pgshift.playbook.AddCheck;
import io.pgshift.playbook.AddColumn;
import io.pgshift.playbook.ContractStep;
import io.pgshift.playbook.ExpandStep;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.SetDefault;
import io.pgshift.playbook.SetNotNull;
import io.pgshift.playbook.TableRef;
import java.util.ArrayList;
import java.util.List;

/**
 * A contract step that tightens a column the running application's INSERTs leave out. During a
 * rolling deploy the old version keeps running and never names a column this playbook adds; if
 * add_column gave it no default and no set_default comes earlier in contract, its rows get NULL,
 * which set_not_null rejects, and a CHECK naming the column rejects or lets through. Columns added
 * {@code not_null: true} are {@code expand-not-null-column}'s to judge.
 *
 * @param index       position of the tightening step in contract
 * @param step        that step: a set_not_null of the column, or an add_check whose expression names it
 * @param column      the column
 * @param facts       what the playbook does to the column
 * @param lateDefault position of a set_default of the column that comes after the step, or -1
 */
record OmittedColumn(int index, ContractStep step, String column, ColumnFacts facts, int lateDefault) {
    /** Every such step and column of the playbook, in contract order. */
    static List<OmittedColumn> of(Playbook playbook) {
        List<OmittedColumn> found = new ArrayList<>();
        List<ContractStep> contract = playbook.contract();
        for (int i = 0; i < contract.size(); i++) {
            for (String column : tightenedColumns(playbook, contract.get(i))) {
                ColumnFacts facts = ColumnFacts.of(playbook, contract.get(i).table(), column);
                if (facts.addedHere() && !facts.added().notNull() && !facts.defaultFillsRows()
                        && defaultAt(contract, contract.get(i).table(), column, 0, i) < 0) {
                    int late = defaultAt(contract, contract.get(i).table(), column, i + 1, contract.size());
                    found.add(new OmittedColumn(i, contract.get(i), column, facts, late));
                }
            }
        }
        return found;
    }

    /** The column a set_not_null names, or the columns added here that an add_check's expression names. */
    private static List<String> tightenedColumns(Playbook playbook, ContractStep step) {
        if (step instanceof SetNotNull s) {
            return List.of(s.column());
        }
        List<String> columns = new ArrayList<>();
        if (step instanceof AddCheck c) {
            for (ExpandStep e : playbook.expand()) {
                if (e instanceof AddColumn a && a.table().equals(c.table()) && !columns.contains(a.column())
                        && SqlExpressions.mentionsColumn(c.check(), a.column())) {
                    columns.add(a.column());
                }
            }
        }
        return columns;
    }

    /** Position of the first set_default giving the column a value in contract[from, to), or -1. */
    private static int defaultAt(List<ContractStep> contract, TableRef table, String column, int from, int to) {
        for (int j = from; j < to; j++) {
            if (contract.get(j) instanceof SetDefault d && d.table().equals(table) && d.column().equals(column)
                    && SqlExpressions.isNonNullDefault(d.defaultExpr())) {
                return j;
            }
        }
        return -1;
    }

    /** Positions of the backfills that fill the column with {@code keep_in_sync: true}. */
    List<Integer> syncedBy(Playbook playbook) {
        return facts.backfills().stream().filter(b -> playbook.backfill().get(b).keepInSync()).toList();
    }

    String path() {
        return Paths.contract(index, step.kind());
    }

    /** {@code orders.currency_code}. */
    String subject() {
        return step.table() + "." + column;
    }

    boolean isCheck() {
        return step instanceof AddCheck;
    }

    /** {@code contract[2].set_default}, when one comes after the step, or null. */
    String lateDefaultPath() {
        return lateDefault < 0 ? null : Paths.contract(lateDefault, "set_default");
    }
}
