package io.pgshift.lint.rules;

import io.pgshift.lint.sql.SqlExpressions;
import io.pgshift.playbook.AddCheck;
import io.pgshift.playbook.AddColumn;
import io.pgshift.playbook.AddForeignKey;
import io.pgshift.playbook.AddUnique;
import io.pgshift.playbook.Backfill;
import io.pgshift.playbook.ColumnDef;
import io.pgshift.playbook.ContractStep;
import io.pgshift.playbook.CreateIndex;
import io.pgshift.playbook.CreateTable;
import io.pgshift.playbook.DropColumn;
import io.pgshift.playbook.DropTable;
import io.pgshift.playbook.ExpandStep;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.SetDefault;
import io.pgshift.playbook.SetNotNull;
import io.pgshift.playbook.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A step of the playbook that uses what one of its contract steps drops: the column of a
 * drop_column, the table of a drop_table. The other drops do not count: dropping an index or a
 * constraint before the column they cover is how a column is freed. Raw SQL is not read.
 *
 * @param index position of the drop in contract
 * @param drop  the drop_column or drop_table
 * @param path  the step that uses it, e.g. {@code backfill[0]}
 * @param use   what that step does with it, e.g. {@code reads it}
 * @param sync  the use is a keep_in_sync trigger on the column's table (it reads every column of it)
 */
record DroppedUse(int index, ContractStep drop, String path, String use, boolean sync) {
    static List<DroppedUse> of(Playbook playbook) {
        List<DroppedUse> found = new ArrayList<>();
        for (int i = 0; i < playbook.contract().size(); i++) {
            ContractStep step = playbook.contract().get(i);
            if (step instanceof DropColumn || step instanceof DropTable) {
                Target target = step instanceof DropColumn d ? new Target(d.table(), d.column())
                        : new Target(step.table(), null);
                new Finder(playbook, i, step, target, found).find();
            }
        }
        return found;
    }

    /** {@code users.legacy} or {@code users}. */
    String subject() {
        return drop instanceof DropColumn d ? d.table() + "." + d.column() : drop.table().toString();
    }

    /** A table, or one column of it. */
    private record Target(TableRef table, String column) {
        boolean column(TableRef t, String c) {
            return table.equals(t) && (column == null || column.equals(c));
        }

        boolean anyColumn(TableRef t, List<String> columns) {
            return table.equals(t) && (column == null || columns.contains(column));
        }

        boolean mentioned(TableRef t, String expression) {
            return table.equals(t) && expression != null
                    && (column == null || SqlExpressions.mentionsColumn(expression, column));
        }
    }

    private record Finder(Playbook playbook, int index, ContractStep drop, Target target, List<DroppedUse> found) {
        void find() {
            for (int j = 0; j < playbook.expand().size(); j++) {
                expand(Paths.expand(j, playbook.expand().get(j).kind()), playbook.expand().get(j));
            }
            for (int j = 0; j < playbook.backfill().size(); j++) {
                backfill(Paths.backfill(j), playbook.backfill().get(j));
            }
            for (int j = 0; j < playbook.contract().size(); j++) {
                if (j != index) {
                    contract(Paths.contract(j, playbook.contract().get(j).kind()), playbook.contract().get(j));
                }
            }
        }

        private void expand(String path, ExpandStep step) {
            if (step instanceof CreateTable t) {
                use(path, target.table().equals(t.table()) && (target.column() == null
                        || t.columns().stream().anyMatch(c -> c.name().equals(target.column()))), "creates it");
                use(path, t.columns().stream().map(ColumnDef::references).filter(Objects::nonNull)
                        .anyMatch(r -> target.column(r.table(), r.column())), "references it");
            } else if (step instanceof AddColumn a) {
                use(path, target.column(a.table(), a.column()), target.column() == null ? "adds a column to it" : "adds it");
            } else if (step instanceof CreateIndex x) {
                use(path, target.anyColumn(x.table(), x.columns()) || target.mentioned(x.table(), x.where()), "indexes it");
            }
        }

        private void backfill(String path, Backfill b) {
            if (!b.table().equals(target.table())) {
                return;
            }
            if (b.keepInSync() && target.column() != null) {
                found.add(new DroppedUse(index, drop, path, "keeps its table in sync", true));
            } else if (target.column() == null || b.set().containsKey(target.column())) {
                use(path, true, "fills it");
            } else {
                use(path, b.set().values().stream().anyMatch(e -> target.mentioned(b.table(), e))
                        || target.mentioned(b.table(), b.where()), "reads it");
            }
        }

        private void contract(String path, ContractStep step) {
            if (step instanceof SetNotNull s) {
                use(path, target.column(s.table(), s.column()), "makes it NOT NULL");
            } else if (step instanceof SetDefault s) {
                use(path, target.column(s.table(), s.column()), "gives it a default");
            } else if (step instanceof AddUnique u) {
                use(path, target.anyColumn(u.table(), u.columns()), "makes it unique");
            } else if (step instanceof AddCheck c) {
                use(path, target.mentioned(c.table(), c.check()) || target.column() == null && target.table().equals(c.table()),
                        "checks it");
            } else if (step instanceof AddForeignKey f) {
                use(path, target.anyColumn(f.table(), f.columns()), "references another table from it");
                use(path, target.anyColumn(f.referencedTable(), f.referencedColumns()), "references it");
            }
        }

        private void use(String path, boolean uses, String what) {
            if (uses) {
                found.add(new DroppedUse(index, drop, path, what, false));
            }
        }
    }
}
