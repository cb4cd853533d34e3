package io.pgshift.operation;

import io.pgshift.catalog.CatalogSnapshot;
import io.pgshift.catalog.ConstraintInfo;
import io.pgshift.catalog.SimulationScope;
import io.pgshift.gate.GateCheck;
import io.pgshift.plan.LockMode;
import io.pgshift.plan.Phase;
import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.playbook.AddCheck;
import io.pgshift.playbook.Quoting;
import io.pgshift.playbook.StepFields;
import io.pgshift.playbook.TableRef;
import java.util.List;
import java.util.Optional;

/**
 * {@code add_check}: NOT VALID (instant, ACCESS EXCLUSIVE), then VALIDATE (scan, SHARE UPDATE
 * EXCLUSIVE). On a partitioned table each leaf partition gets the check of the same name that way,
 * then each parent adds it valid: PostgreSQL merges it with the partitions' validated checks of
 * that name and expression, and scans nothing.
 */
public final class AddCheckOperation implements Operation {
    public static final OperationType<AddCheck> TYPE = new Type();

    private final AddCheck spec;
    private final PartitionTree tree;

    public AddCheckOperation(AddCheck spec) {
        this(spec, PartitionTree.plain(spec.table()));
    }

    AddCheckOperation(AddCheck spec, PartitionTree tree) {
        this.spec = spec;
        this.tree = tree;
    }

    @Override
    public StepKind kind() {
        return StepKind.ADD_CHECK;
    }

    @Override
    public String summary() {
        return "add check " + spec.name() + " on " + spec.table().display() + ": " + spec.check()
                + (tree.partitioned() ? " (partition by partition)" : "");
    }

    @Override
    public List<Statement> apply() {
        return tree.bottomUp(this::notValidThenValidate, this::merged);
    }

    private List<Statement> notValidThenValidate(TableRef table) {
        return List.of(Statements.metadata(add(table) + " NOT VALID", table, LockMode.ACCESS_EXCLUSIVE,
                        Guards.constraintExists(table, spec.name())),
                Statements.validate(table, spec.name()));
    }

    /** ACCESS EXCLUSIVE on the parent and its partitions for the catalog change; their checks are validated already. */
    private List<Statement> merged(TableRef table) {
        return List.of(Statements.metadata(add(table), table, LockMode.ACCESS_EXCLUSIVE,
                Guards.constraintExists(table, spec.name())));
    }

    private String add(TableRef table) {
        return "ALTER TABLE " + table.sql() + " ADD CONSTRAINT " + Quoting.ident(spec.name()) + " CHECK (" + spec.check() + ")";
    }

    /** A parent's drop takes its partitions' merged checks along; each partition's covers a half-done apply. */
    @Override
    public List<Statement> rollback(boolean dropData) {
        return tree.topDown(this::drop, this::drop);
    }

    private List<Statement> drop(TableRef table) {
        return List.of(Statements.dropConstraint(table, spec.name()));
    }

    private static final class Type implements OperationType<AddCheck> {
        @Override
        public String key() {
            return "add_check";
        }

        @Override
        public Phase phase() {
            return Phase.CONTRACT;
        }

        @Override
        public Class<AddCheck> model() {
            return AddCheck.class;
        }

        @Override
        public List<String> fields() {
            return List.of("table", "name", "check");
        }

        @Override
        public AddCheck parse(StepFields m) {
            TableRef table = m.requireTable("table");
            String name = m.requireIdentifier("name");
            String check = m.requireExpression("check");
            Claims.relation(m, table, name);
            return new AddCheck(table, name, check);
        }

        @Override
        public Operation operation(AddCheck step) {
            return new AddCheckOperation(step);
        }

        @Override
        public Operation operation(AddCheck step, CatalogSnapshot catalog) {
            return new AddCheckOperation(step, PartitionTree.of(catalog, step.table()));
        }

        /** A NULL result passes a CHECK, so {@code NOT (expr)} is exactly the failing rows. */
        @Override
        public Optional<GateCheck> gate(String path, AddCheck c) {
            return Optional.of(GateCheck.rows(path, "rows of " + c.table().display() + " failing " + c.name(), c.table(),
                    "NOT (" + c.check() + ")"));
        }

        @Override
        public void simulate(SimulationScope sim, String path, AddCheck step) {
            sim.requireTable(path + ".table", step.table()).ifPresent(table -> {
                if (!PartitionSimulation.supported(sim, path, step.table(), "a check")) {
                    return;
                }
                // Check expressions come back from pg_get_constraintdef rewritten, so any CHECK of that name is taken as this one.
                ConstraintInfo wanted = new ConstraintInfo(step.name(), 'c', List.of(), "CHECK (" + step.check() + ")",
                        true, null, null);
                if (!ConstraintSimulation.existing(sim, path, table, wanted, c -> true)) {
                    table.putConstraint(wanted);
                }
            });
        }

        @Override
        public void needs(AddCheck step, TableNeeds.Builder needs) {
            needs.add(step.table(), TableNeeds.Need.ALTER);
        }
    }
}
