package io.pgshift.operation;

import io.pgshift.catalog.CatalogSnapshot;
import io.pgshift.catalog.PlanProblem;
import io.pgshift.catalog.SimulationScope;
import io.pgshift.catalog.VirtualSchema;
import io.pgshift.plan.LockMode;
import io.pgshift.plan.Phase;
import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.playbook.ClaimedName;
import io.pgshift.playbook.DropTable;
import io.pgshift.playbook.StepFields;
import io.pgshift.playbook.TableRef;
import java.util.List;
import java.util.Optional;

/**
 * {@code drop_table}: {@code DROP TABLE IF EXISTS}, never CASCADE: refused at plan time while a
 * view, a foreign key of another table or anything else outside the table depends on it (its own
 * indexes, constraints and triggers go with it). Its rows cannot come back: rollback leaves it
 * dropped, a backup restores it.
 */
public final class DropTableOperation implements Operation {
    public static final OperationType<DropTable> TYPE = new Type();

    private final DropTable spec;
    private final String loss;

    public DropTableOperation(DropTable spec) {
        this(spec, DataLoss.ofTable(Optional.empty()));
    }

    /** {@code loss}: the summary's words for what is lost ({@link DataLoss}). */
    DropTableOperation(DropTable spec, String loss) {
        this.spec = spec;
        this.loss = loss;
    }

    @Override
    public StepKind kind() {
        return StepKind.DROP_TABLE;
    }

    @Override
    public String summary() {
        return "drop table " + spec.table().display() + " (" + loss + ")";
    }

    /**
     * Catalog only: the files are unlinked at commit. A foreign key of the table to another one
     * also takes that table's ACCESS EXCLUSIVE lock briefly (its triggers there are dropped).
     */
    @Override
    public List<Statement> apply() {
        return List.of(Statements.metadata("DROP TABLE IF EXISTS " + spec.table().sql(), spec.table(),
                LockMode.ACCESS_EXCLUSIVE, null));
    }

    /** Nothing: the rows are gone. Rollback lists the step as not undone; restore from a backup. */
    @Override
    public List<Statement> rollback(boolean dropData) {
        return List.of();
    }

    private static final class Type implements OperationType<DropTable> {
        @Override
        public String key() {
            return "drop_table";
        }

        @Override
        public Phase phase() {
            return Phase.CONTRACT;
        }

        @Override
        public Class<DropTable> model() {
            return DropTable.class;
        }

        @Override
        public List<String> fields() {
            return List.of("table");
        }

        @Override
        public DropTable parse(StepFields m) {
            TableRef table = m.requireTable("table");
            m.claim(ClaimedName.TABLE, table == null ? null : table.display(), "table");
            return new DropTable(table);
        }

        @Override
        public Operation operation(DropTable step) {
            return new DropTableOperation(step);
        }

        @Override
        public Operation operation(DropTable step, CatalogSnapshot catalog) {
            return new DropTableOperation(step, DataLoss.ofTable(DataLoss.live(catalog, step.table())));
        }

        @Override
        public void simulate(SimulationScope sim, String path, DropTable step) {
            TableRef ref = step.table();
            String subject = DropSimulation.table(ref);
            if (sim.schema().table(ref).isPresent()) {
                if (DropSimulation.free(sim, path, subject, sim.schema().outsideDependents(ref))) {
                    sim.schema().dropTable(ref);
                }
                return;
            }
            Optional<Character> kind = sim.schema().relationKind(ref);
            if (kind.isPresent()) {
                // a view or a sequence of that name: DROP TABLE IF EXISTS would fail on it, not skip it
                sim.conflict(path + ".table", "relation " + PlanProblem.quote(ref), VirtualSchema.kindName(kind.get()),
                        "a table (drop_table drops tables only)");
                return;
            }
            DropSimulation.missing(sim, path, subject, sim.catalog().table(ref).isPresent());
        }

        @Override
        public void needs(DropTable step, TableNeeds.Builder needs) {
            needs.add(step.table(), TableNeeds.Need.ALTER);
        }
    }
}
