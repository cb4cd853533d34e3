package io.pgshift.operation;

import io.pgshift.catalog.ColumnInfo;
import io.pgshift.catalog.PlanProblem;
import io.pgshift.catalog.SimulationScope;
import io.pgshift.plan.LockMode;
import io.pgshift.plan.Phase;
import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.playbook.DropNotNull;
import io.pgshift.playbook.Quoting;
import io.pgshift.playbook.SetNotNull;
import io.pgshift.playbook.StepFields;
import java.util.List;

/**
 * {@code drop_not_null}: catalog only. The undo is {@code set_not_null}'s path (a NOT VALID check,
 * validated while traffic goes on, then SET NOT NULL without a scan): it fails if NULLs were
 * written since, as it should.
 */
public final class DropNotNullOperation implements Operation {
    public static final OperationType<DropNotNull> TYPE = new Type();

    private final DropNotNull spec;

    public DropNotNullOperation(DropNotNull spec) {
        this.spec = spec;
    }

    @Override
    public StepKind kind() {
        return StepKind.DROP_NOT_NULL;
    }

    @Override
    public String summary() {
        return "drop not null " + spec.table().display() + "." + spec.column();
    }

    @Override
    public List<Statement> apply() {
        return List.of(Statements.metadata("ALTER TABLE " + spec.table().sql() + " ALTER COLUMN "
                + Quoting.ident(spec.column()) + " DROP NOT NULL", spec.table(), LockMode.ACCESS_EXCLUSIVE, null));
    }

    @Override
    public List<Statement> rollback(boolean dropData) {
        return UndoGround.unlessGone(new SetNotNullOperation(new SetNotNull(spec.table(), spec.column())).apply(),
                spec.table(), List.of(spec.column()));
    }

    private static final class Type implements OperationType<DropNotNull> {
        @Override
        public String key() {
            return "drop_not_null";
        }

        @Override
        public Phase phase() {
            return Phase.CONTRACT;
        }

        @Override
        public Class<DropNotNull> model() {
            return DropNotNull.class;
        }

        @Override
        public List<String> fields() {
            return List.of("table", "column");
        }

        @Override
        public DropNotNull parse(StepFields m) {
            return new DropNotNull(m.requireTable("table"), m.requireIdentifier("column"));
        }

        @Override
        public Operation operation(DropNotNull step) {
            return new DropNotNullOperation(step);
        }

        @Override
        public void simulate(SimulationScope sim, String path, DropNotNull step) {
            DropSimulation.requireTable(sim, path + ".table", step.table()).ifPresent(table -> {
                if (!sim.requireColumns(path + ".column", table, List.of(step.column()))) {
                    return;
                }
                var primaryKey = table.constraints().stream()
                        .filter(c -> c.type() == 'p' && c.columns().contains(step.column())).findFirst();
                if (primaryKey.isPresent()) {
                    sim.problem(new PlanProblem.ColumnInPrimaryKey(path, step.table(), step.column(),
                            primaryKey.get().name()));
                    return;
                }
                ColumnInfo c = table.column(step.column()).orElseThrow();
                // nullable in the live catalog, and no earlier step makes it NOT NULL
                sim.markPresentIf(path, !c.notNull() && sim.liveColumn(step.table(), step.column())
                        .filter(live -> !live.notNull()).isPresent());
                table.putColumn(new ColumnInfo(c.name(), c.type(), false, c.defaultExpr(), c.ordinal()));
            });
        }

        @Override
        public void needs(DropNotNull step, TableNeeds.Builder needs) {
            needs.add(step.table(), TableNeeds.Need.ALTER);
        }
    }
}
