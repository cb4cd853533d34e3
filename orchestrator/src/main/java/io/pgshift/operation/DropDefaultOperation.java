package io.pgshift.operation;

import io.pgshift.catalog.CatalogSnapshot;
import io.pgshift.catalog.ColumnInfo;
import io.pgshift.catalog.SimulationScope;
import io.pgshift.plan.LockMode;
import io.pgshift.plan.Phase;
import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.playbook.DropDefault;
import io.pgshift.playbook.Quoting;
import io.pgshift.playbook.StepFields;
import java.util.List;

/**
 * {@code drop_default}: catalog only; rows inserted from then on without the column get NULL.
 * The undo sets the default back to the expression the catalog showed when the step was planned.
 */
public final class DropDefaultOperation implements Operation {
    public static final OperationType<DropDefault> TYPE = new Type();

    private final DropDefault spec;
    /** pg_get_expr() of the default as planned, or null when the catalog showed none. */
    private final String previous;

    public DropDefaultOperation(DropDefault spec) {
        this(spec, null);
    }

    DropDefaultOperation(DropDefault spec, String previous) {
        this.spec = spec;
        this.previous = previous;
    }

    @Override
    public StepKind kind() {
        return StepKind.DROP_DEFAULT;
    }

    @Override
    public String summary() {
        return "drop default " + spec.table().display() + "." + spec.column() + (previous == null ? "" : " (was "
                + previous + ")");
    }

    @Override
    public List<Statement> apply() {
        return List.of(alter("DROP DEFAULT"));
    }

    @Override
    public List<Statement> rollback(boolean dropData) {
        return previous == null ? List.of() : UndoGround.unlessGone(List.of(alter("SET DEFAULT " + previous)),
                spec.table(), List.of(spec.column()));
    }

    private Statement alter(String action) {
        return Statements.metadata("ALTER TABLE " + spec.table().sql() + " ALTER COLUMN " + Quoting.ident(spec.column())
                + " " + action, spec.table(), LockMode.ACCESS_EXCLUSIVE, null);
    }

    private static final class Type implements OperationType<DropDefault> {
        @Override
        public String key() {
            return "drop_default";
        }

        @Override
        public Phase phase() {
            return Phase.CONTRACT;
        }

        @Override
        public Class<DropDefault> model() {
            return DropDefault.class;
        }

        @Override
        public List<String> fields() {
            return List.of("table", "column");
        }

        @Override
        public DropDefault parse(StepFields m) {
            return new DropDefault(m.requireTable("table"), m.requireIdentifier("column"));
        }

        @Override
        public Operation operation(DropDefault step) {
            return new DropDefaultOperation(step);
        }

        @Override
        public Operation operation(DropDefault step, CatalogSnapshot catalog) {
            return new DropDefaultOperation(step, catalog.table(step.table()).flatMap(t -> t.column(step.column()))
                    .map(ColumnInfo::defaultExpr).orElse(null));
        }

        @Override
        public void simulate(SimulationScope sim, String path, DropDefault step) {
            DropSimulation.requireTable(sim, path + ".table", step.table()).ifPresent(table -> {
                if (sim.requireColumns(path + ".column", table, List.of(step.column()))) {
                    ColumnInfo c = table.column(step.column()).orElseThrow();
                    // no default in the live catalog, and no earlier step sets one
                    sim.markPresentIf(path, c.defaultExpr() == null && sim.liveColumn(step.table(), step.column())
                            .filter(live -> live.defaultExpr() == null).isPresent());
                    table.putColumn(new ColumnInfo(c.name(), c.type(), c.notNull(), null, c.ordinal()));
                }
            });
        }

        @Override
        public void needs(DropDefault step, TableNeeds.Builder needs) {
            needs.add(step.table(), TableNeeds.Need.ALTER);
        }
    }
}
