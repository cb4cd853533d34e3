package io.pgshift.operation;

import io.pgshift.catalog.ColumnInfo;
import io.pgshift.catalog.SimulationScope;
import io.pgshift.gate.GateCheck;
import io.pgshift.plan.LockMode;
import io.pgshift.plan.Phase;
import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.playbook.ClaimedName;
import io.pgshift.playbook.Names;
import io.pgshift.playbook.SetNotNull;
import io.pgshift.playbook.Sql;
import io.pgshift.playbook.StepFields;
import io.pgshift.playbook.TableRef;
import java.util.List;
import java.util.Optional;

/**
 * {@code set_not_null} without a long lock: a NOT VALID check (instant), VALIDATE (scans under
 * SHARE UPDATE EXCLUSIVE while traffic goes on), then SET NOT NULL, which PostgreSQL 12+ proves
 * from the validated check instead of scanning under ACCESS EXCLUSIVE, then the check is dropped.
 */
public final class SetNotNullOperation implements Operation {
    public static final OperationType<SetNotNull> TYPE = new Type();

    private final SetNotNull spec;

    public SetNotNullOperation(SetNotNull spec) {
        this.spec = spec;
    }

    /** The temporary check's name. */
    public static String checkName(SetNotNull spec) {
        return Names.generated(spec.table(), List.of(spec.column()), "not_null");
    }

    @Override
    public StepKind kind() {
        return StepKind.SET_NOT_NULL;
    }

    @Override
    public String summary() {
        return "set not null " + spec.table().display() + "." + spec.column();
    }

    @Override
    public List<Statement> apply() {
        var table = spec.table();
        String check = checkName(spec);
        String column = Sql.ident(spec.column());
        String done = Guards.columnNotNull(table, spec.column());
        return List.of(
                Statements.metadata("ALTER TABLE " + table.sql() + " ADD CONSTRAINT " + Sql.ident(check)
                        + " CHECK (" + column + " IS NOT NULL) NOT VALID", table, LockMode.ACCESS_EXCLUSIVE,
                        "SELECT (" + done + ") OR (" + Guards.constraintExists(table, check) + ")"),
                withGuard(Statements.validate(table, check), done),
                Statements.metadata("ALTER TABLE " + table.sql() + " ALTER COLUMN " + column + " SET NOT NULL",
                        table, LockMode.ACCESS_EXCLUSIVE, null),
                Statements.dropConstraint(table, check));
    }

    private static Statement withGuard(Statement s, String guard) {
        return new Statement(s.sql(), s.table(), s.lock(), s.impact(), s.tx(), s.timeout(), guard);
    }

    @Override
    public List<Statement> rollback(boolean dropData) {
        var table = spec.table();
        return List.of(Statements.metadata("ALTER TABLE " + table.sql() + " ALTER COLUMN " + Sql.ident(spec.column())
                        + " DROP NOT NULL", table, LockMode.ACCESS_EXCLUSIVE, null),
                Statements.dropConstraint(table, checkName(spec)));
    }

    private static final class Type implements OperationType<SetNotNull> {
        @Override
        public String key() {
            return "set_not_null";
        }

        @Override
        public Phase phase() {
            return Phase.CONTRACT;
        }

        @Override
        public Class<SetNotNull> model() {
            return SetNotNull.class;
        }

        @Override
        public List<String> fields() {
            return List.of("table", "column");
        }

        @Override
        public SetNotNull parse(StepFields m) {
            TableRef table = m.requireTable("table");
            String column = m.requireIdentifier("column");
            if (table != null && column != null) {
                m.claim(ClaimedName.NOT_NULL_COLUMN, table.display() + "." + column, "column");
            }
            return new SetNotNull(table, column);
        }

        @Override
        public Operation operation(SetNotNull step) {
            return new SetNotNullOperation(step);
        }

        @Override
        public Optional<GateCheck> gate(String path, SetNotNull s) {
            return Optional.of(GateCheck.rows(path, "NULLs in " + s.table().display() + "." + s.column(), s.table(),
                    "t." + Sql.ident(s.column()) + " IS NULL"));
        }

        @Override
        public void simulate(SimulationScope sim, String path, SetNotNull step) {
            sim.requireTable(path + ".table", step.table()).ifPresent(table -> {
                if (sim.requireColumns(path + ".column", table, List.of(step.column()))) {
                    ColumnInfo c = table.column(step.column()).orElseThrow();
                    // NOT NULL in the live catalog, or from an earlier step (add_column with not_null and a
                    // default, a create_table column) that runs before contract or the run stops.
                    sim.markPresentIf(path, c.notNull());
                    table.putColumn(new ColumnInfo(c.name(), c.type(), true, c.defaultExpr(), c.ordinal()));
                }
            });
        }

        @Override
        public void needs(SetNotNull step, TableNeeds.Builder needs) {
            needs.add(step.table(), TableNeeds.Need.ALTER);
        }
    }
}
