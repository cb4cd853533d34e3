package io.pgshift.operation;

import io.pgshift.catalog.ConstraintInfo;
import io.pgshift.catalog.SimulationScope;
import io.pgshift.gate.GateCheck;
import io.pgshift.plan.LockMode;
import io.pgshift.plan.Phase;
import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.playbook.AddCheck;
import io.pgshift.playbook.Sql;
import io.pgshift.playbook.StepFields;
import io.pgshift.playbook.TableRef;
import java.util.List;
import java.util.Optional;

/** {@code add_check}: NOT VALID (instant, ACCESS EXCLUSIVE), then VALIDATE (scan, SHARE UPDATE EXCLUSIVE). */
public final class AddCheckOperation implements Operation {
    public static final OperationType<AddCheck> TYPE = new Type();

    private final AddCheck spec;

    public AddCheckOperation(AddCheck spec) {
        this.spec = spec;
    }

    @Override
    public StepKind kind() {
        return StepKind.ADD_CHECK;
    }

    @Override
    public String summary() {
        return "add check " + spec.name() + " on " + spec.table().display() + ": " + spec.check();
    }

    @Override
    public List<Statement> apply() {
        var table = spec.table();
        String sql = "ALTER TABLE " + table.sql() + " ADD CONSTRAINT " + Sql.ident(spec.name()) + " CHECK ("
                + spec.check() + ") NOT VALID";
        return List.of(Statements.metadata(sql, table, LockMode.ACCESS_EXCLUSIVE,
                        Guards.constraintExists(table, spec.name())),
                Statements.validate(table, spec.name()));
    }

    @Override
    public List<Statement> rollback(boolean dropData) {
        return List.of(Statements.dropConstraint(spec.table(), spec.name()));
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
            String check = m.requireString("check");
            Claims.relation(m, table, name);
            return new AddCheck(table, name, check);
        }

        @Override
        public Operation operation(AddCheck step) {
            return new AddCheckOperation(step);
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
