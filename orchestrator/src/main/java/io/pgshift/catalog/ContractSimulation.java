package io.pgshift.catalog;

import io.pgshift.playbook.AddCheck;
import io.pgshift.playbook.AddForeignKey;
import io.pgshift.playbook.AddUnique;
import io.pgshift.playbook.ContractStep;
import io.pgshift.playbook.SetDefault;
import io.pgshift.playbook.SetNotNull;
import io.pgshift.playbook.TableRef;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** The contract steps over the virtual schema; a constraint counts as present only once validated. */
final class ContractSimulation {
    private final Simulation sim;

    ContractSimulation(Simulation sim) {
        this.sim = sim;
    }

    void step(String path, ContractStep step) {
        sim.requireTable(path + ".table", step.table()).ifPresent(table -> {
            if (step instanceof SetNotNull s) {
                setNotNull(path, table, s);
            } else if (step instanceof SetDefault s) {
                setDefault(path, table, s);
            } else if (step instanceof AddUnique u) {
                addUnique(path, table, u);
            } else if (step instanceof AddForeignKey f) {
                addForeignKey(path, table, f);
            } else if (step instanceof AddCheck c) {
                addCheck(path, table, c);
            } else {
                throw new IllegalStateException("contract step not simulated: " + step.kind());
            }
        });
    }

    private void setNotNull(String path, VirtualTable table, SetNotNull step) {
        if (sim.requireColumns(path + ".column", table, List.of(step.column()))) {
            ColumnInfo c = table.column(step.column()).orElseThrow();
            // NOT NULL in the live catalog, or from an earlier step (add_column with not_null and a
            // default, a create_table column) that runs before contract or the run stops.
            sim.markPresentIf(path, c.notNull());
            table.putColumn(new ColumnInfo(c.name(), c.type(), true, c.defaultExpr(), c.ordinal()));
        }
    }

    private void setDefault(String path, VirtualTable table, SetDefault step) {
        if (sim.requireColumns(path + ".column", table, List.of(step.column()))) {
            String wanted = normaliseExpression(step.defaultExpr());
            sim.markPresentIf(path, sim.liveColumn(step.table(), step.column())
                    .filter(c -> c.defaultExpr() != null && normaliseExpression(c.defaultExpr()).equals(wanted))
                    .isPresent());
            ColumnInfo c = table.column(step.column()).orElseThrow();
            table.putColumn(new ColumnInfo(c.name(), c.type(), c.notNull(), step.defaultExpr(), c.ordinal()));
        }
    }

    private void addUnique(String path, VirtualTable table, AddUnique step) {
        if (!sim.requireColumns(path + ".columns", table, step.columns())) {
            return;
        }
        String name = PlaybookNames.constraintName(step);
        ConstraintInfo wanted = new ConstraintInfo(name, 'u', step.columns(),
                "UNIQUE (" + String.join(", ", step.columns()) + ")", true, null, null);
        if (existing(path, table, wanted, c -> c.columns().equals(step.columns()))) {
            return;
        }
        // The constraint is attached to a unique index of its name, which may already exist on this table.
        TableRef relation = new TableRef(step.table().schema(), name);
        Optional<Character> kind = sim.schema().relationKind(relation);
        if (kind.isPresent() && table.index(name).isEmpty()) {
            sim.conflict(path, "relation " + PlanProblem.quote(relation), VirtualSchema.kindName(kind.get())
                    + sim.schema().indexOwner(relation).map(t -> " on " + PlanProblem.quote(t)).orElse(""),
                    "the index of a unique constraint on " + PlanProblem.quote(step.table()));
            return;
        }
        table.putConstraint(wanted);
        table.putIndex(new IndexInfo(name, step.columns(), true, false, true, false, null));
        sim.schema().registerIndex(step.table(), name);
    }

    private void addForeignKey(String path, VirtualTable table, AddForeignKey step) {
        boolean columns = sim.requireColumns(path + ".columns", table, step.columns());
        Optional<VirtualTable> target = sim.requireTable(path + ".references.table", step.referencedTable());
        if (target.isEmpty() || !sim.requireColumns(path + ".references.columns", target.get(), step.referencedColumns())
                || !columns) {
            return;
        }
        TableRef to = step.referencedTable();
        String name = PlaybookNames.constraintName(step);
        ConstraintInfo wanted = new ConstraintInfo(name, 'f', step.columns(),
                "FOREIGN KEY (" + String.join(", ", step.columns()) + ") REFERENCES " + to.display()
                        + "(" + String.join(", ", step.referencedColumns()) + ")",
                true, to.schema(), to.name(), step.referencedColumns());
        boolean same = existing(path, table, wanted, c -> c.columns().equals(step.columns())
                && to.schema().equals(c.referencedSchema()) && to.name().equals(c.referencedTable())
                && (c.referencedColumns().isEmpty() || c.referencedColumns().equals(step.referencedColumns())));
        if (!same) {
            sim.checkForeignKey(path, table, step.columns(), target.get(), step.referencedColumns());
            table.putConstraint(wanted);
        }
    }

    private void addCheck(String path, VirtualTable table, AddCheck step) {
        // Check expressions come back from pg_get_constraintdef rewritten, so any CHECK of that name is taken as this one.
        ConstraintInfo wanted = new ConstraintInfo(step.name(), 'c', List.of(), "CHECK (" + step.check() + ")", true,
                null, null);
        if (!existing(path, table, wanted, c -> true)) {
            table.putConstraint(wanted);
        }
    }

    /**
     * Whether a constraint of the wanted name exists already: if it has the wanted type and
     * {@code sameAs} accepts it, the step is present when the live one is validated; otherwise
     * it is reported as a conflict. Returns true when the name is taken either way.
     */
    private boolean existing(String path, VirtualTable table, ConstraintInfo wanted,
                             Predicate<ConstraintInfo> sameAs) {
        Optional<ConstraintInfo> existing = table.constraint(wanted.name());
        if (existing.isEmpty()) {
            return false;
        }
        if (existing.get().type() == wanted.type() && sameAs.test(existing.get())) {
            sim.markPresentIf(path, sim.catalog().table(table.ref()).flatMap(t -> t.constraint(wanted.name()))
                    .filter(c -> c.type() == wanted.type() && c.validated() && sameAs.test(c)).isPresent());
        } else {
            sim.conflict(path, "constraint " + PlanProblem.quote(wanted.name()) + " of table "
                    + PlanProblem.quote(table.ref()), existing.get().definition(), wanted.definition());
        }
        return true;
    }

    /** Whitespace and one pair of enclosing parentheses do not change what a default means. */
    static String normaliseExpression(String expr) {
        String e = expr.trim().replaceAll("\\s+", " ");
        return e.startsWith("(") && e.endsWith(")") ? e.substring(1, e.length() - 1).trim() : e;
    }
}
