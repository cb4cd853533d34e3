package io.pgshift.operation;

import io.pgshift.catalog.CatalogSnapshot;
import io.pgshift.catalog.Dependent.Part;
import io.pgshift.catalog.PlanProblem;
import io.pgshift.catalog.SimulationScope;
import io.pgshift.catalog.TableInfo;
import io.pgshift.plan.LockMode;
import io.pgshift.plan.Phase;
import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.playbook.DropColumn;
import io.pgshift.playbook.Quoting;
import io.pgshift.playbook.StepFields;
import java.util.List;
import java.util.Optional;

/**
 * {@code drop_column}: {@code DROP COLUMN IF EXISTS}, catalog only (PostgreSQL marks the column
 * dropped; the space comes back as rows are rewritten). Refused at plan time while anything depends
 * on the column. Its values cannot come back: rollback leaves it dropped, a backup restores it.
 */
public final class DropColumnOperation implements Operation {
    public static final OperationType<DropColumn> TYPE = new Type();

    private final DropColumn spec;
    private final String loss;

    public DropColumnOperation(DropColumn spec) {
        this(spec, DataLoss.ofColumn(Optional.empty()));
    }

    /** {@code loss}: the summary's words for what is lost ({@link DataLoss}). */
    DropColumnOperation(DropColumn spec, String loss) {
        this.spec = spec;
        this.loss = loss;
    }

    @Override
    public StepKind kind() {
        return StepKind.DROP_COLUMN;
    }

    @Override
    public String summary() {
        return "drop column " + spec.table().display() + "." + spec.column() + " (" + loss + ")";
    }

    @Override
    public List<Statement> apply() {
        return List.of(Statements.metadata("ALTER TABLE " + spec.table().sql() + " DROP COLUMN IF EXISTS "
                + Quoting.ident(spec.column()), spec.table(), LockMode.ACCESS_EXCLUSIVE, null));
    }

    /** Nothing: the values are gone. Rollback lists the step as not undone; restore from a backup. */
    @Override
    public List<Statement> rollback(boolean dropData) {
        return List.of();
    }

    private static final class Type implements OperationType<DropColumn> {
        @Override
        public String key() {
            return "drop_column";
        }

        @Override
        public Phase phase() {
            return Phase.CONTRACT;
        }

        @Override
        public Class<DropColumn> model() {
            return DropColumn.class;
        }

        @Override
        public List<String> fields() {
            return List.of("table", "column");
        }

        @Override
        public DropColumn parse(StepFields m) {
            return new DropColumn(m.requireTable("table"), m.requireIdentifier("column"));
        }

        @Override
        public Operation operation(DropColumn step) {
            return new DropColumnOperation(step);
        }

        @Override
        public Operation operation(DropColumn step, CatalogSnapshot catalog) {
            return new DropColumnOperation(step, DataLoss.ofColumn(DataLoss.live(catalog, step.table())));
        }

        @Override
        public void simulate(SimulationScope sim, String path, DropColumn step) {
            String subject = DropSimulation.column(step.table(), step.column());
            DropSimulation.requireTable(sim, path + ".table", step.table()).ifPresent(table -> {
                if (table.column(step.column()).isEmpty()) {
                    DropSimulation.missing(sim, path, subject, sim.liveColumn(step.table(), step.column()).isPresent());
                } else if (DropSimulation.free(sim, path, subject, syncTriggers(sim, step),
                        sim.schema().dependents(step.table(), Part.COLUMN, step.column()))) {
                    sim.schema().dropColumn(table, step.column());
                }
            });
        }

        /**
         * pgshift's sync triggers on the table, retained by an earlier run: their function reads every
         * column of the table (PostgreSQL does not record it), so each write would fail once one is gone.
         */
        private static List<String> syncTriggers(SimulationScope sim, DropColumn step) {
            return sim.catalog().table(step.table()).map(TableInfo::triggers).orElse(List.of()).stream()
                    .filter(SyncTriggerOperation::isSyncTrigger)
                    .map(t -> "trigger " + PlanProblem.quote(t) + " on table " + PlanProblem.quote(step.table())
                            + " (pgshift's sync trigger reads every column; pgshift cleanup drops it once no writer"
                            + " relies on it)")
                    .toList();
        }

        @Override
        public void needs(DropColumn step, TableNeeds.Builder needs) {
            needs.add(step.table(), TableNeeds.Need.ALTER);
        }
    }
}
