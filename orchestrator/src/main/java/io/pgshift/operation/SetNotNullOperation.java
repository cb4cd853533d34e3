package io.pgshift.operation;

import io.pgshift.catalog.CatalogSnapshot;
import io.pgshift.catalog.ColumnInfo;
import io.pgshift.catalog.SimulationScope;
import io.pgshift.gate.GateCheck;
import io.pgshift.plan.LockMode;
import io.pgshift.plan.Phase;
import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.playbook.ClaimedName;
import io.pgshift.playbook.Names;
import io.pgshift.playbook.Quoting;
import io.pgshift.playbook.SetNotNull;
import io.pgshift.playbook.StepFields;
import io.pgshift.playbook.TableRef;
import java.util.List;
import java.util.Optional;

/**
 * {@code set_not_null} without a long lock: a NOT VALID check (instant), VALIDATE (scans under
 * SHARE UPDATE EXCLUSIVE while traffic goes on), then SET NOT NULL, which PostgreSQL 12+ proves
 * from the validated check instead of scanning under ACCESS EXCLUSIVE, then the check is dropped.
 * On a partitioned table each leaf partition goes through those four statements, then each parent
 * gets SET NOT NULL, which finds every partition's column NOT NULL already and scans nothing.
 */
public final class SetNotNullOperation implements Operation {
    public static final OperationType<SetNotNull> TYPE = new Type();

    private final SetNotNull spec;
    private final PartitionTree tree;

    public SetNotNullOperation(SetNotNull spec) {
        this(spec, PartitionTree.plain(spec.table()));
    }

    SetNotNullOperation(SetNotNull spec, PartitionTree tree) {
        this.spec = spec;
        this.tree = tree;
    }

    /** The temporary check's name. */
    public static String checkName(SetNotNull spec) {
        return checkName(spec.table(), spec.column());
    }

    private static String checkName(TableRef table, String column) {
        return Names.generated(table, List.of(column), "not_null");
    }

    @Override
    public StepKind kind() {
        return StepKind.SET_NOT_NULL;
    }

    @Override
    public String summary() {
        return "set not null " + spec.table().display() + "." + spec.column()
                + (tree.partitioned() ? ", partition by partition" : "");
    }

    @Override
    public List<Statement> apply() {
        return tree.bottomUp(this::throughCheck, t -> List.of(setNotNull(t)));
    }

    /** The four statements on a table that holds rows. */
    private List<Statement> throughCheck(TableRef table) {
        String check = checkName(table, spec.column());
        String column = Quoting.ident(spec.column());
        String done = Guards.columnNotNull(table, spec.column());
        return List.of(
                Statements.metadata("ALTER TABLE " + table.sql() + " ADD CONSTRAINT " + Quoting.ident(check)
                        + " CHECK (" + column + " IS NOT NULL) NOT VALID", table, LockMode.ACCESS_EXCLUSIVE,
                        "SELECT (" + done + ") OR (" + Guards.constraintExists(table, check) + ")"),
                withGuard(Statements.validate(table, check), done),
                setNotNull(table),
                Statements.dropConstraint(table, check));
    }

    /** On a partitioned table, ACCESS EXCLUSIVE on it and its partitions, no scan: they are NOT NULL already. */
    private Statement setNotNull(TableRef table) {
        return Statements.metadata("ALTER TABLE " + table.sql() + " ALTER COLUMN " + Quoting.ident(spec.column())
                + " SET NOT NULL", table, LockMode.ACCESS_EXCLUSIVE, null);
    }

    private static Statement withGuard(Statement s, String guard) {
        return new Statement(s.sql(), s.table(), s.lock(), s.impact(), s.tx(), s.timeout(), guard);
    }

    /** A parent's DROP NOT NULL recurses to its partitions; each leaf's (and its check) covers a half-done apply. */
    @Override
    public List<Statement> rollback(boolean dropData) {
        return tree.topDown(t -> List.of(dropNotNull(t)), t -> List.of(dropNotNull(t),
                Statements.dropConstraint(t, checkName(t, spec.column()))));
    }

    private Statement dropNotNull(TableRef table) {
        return Statements.metadata("ALTER TABLE " + table.sql() + " ALTER COLUMN " + Quoting.ident(spec.column())
                + " DROP NOT NULL", table, LockMode.ACCESS_EXCLUSIVE, null);
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
        public Operation operation(SetNotNull step, CatalogSnapshot catalog) {
            return new SetNotNullOperation(step, PartitionTree.of(catalog, step.table()));
        }

        @Override
        public Optional<GateCheck> gate(String path, SetNotNull s) {
            return Optional.of(GateCheck.rows(path, "NULLs in " + s.table().display() + "." + s.column(), s.table(),
                    "t." + Quoting.ident(s.column()) + " IS NULL"));
        }

        @Override
        public void simulate(SimulationScope sim, String path, SetNotNull step) {
            sim.requireTable(path + ".table", step.table()).ifPresent(table -> {
                if (sim.requireColumns(path + ".column", table, List.of(step.column()))
                        && PartitionSimulation.supported(sim, path, step.table(), "NOT NULL")) {
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
