package io.pgshift.operation;

import io.pgshift.catalog.PlanProblem;
import io.pgshift.catalog.SimulationScope;
import io.pgshift.catalog.VirtualSchema;
import io.pgshift.plan.LockMode;
import io.pgshift.plan.Phase;
import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.playbook.DollarQuote;
import io.pgshift.playbook.Quoting;
import io.pgshift.playbook.RenameTable;
import io.pgshift.playbook.StepFields;
import io.pgshift.playbook.TableRef;
import java.util.List;

/**
 * {@code rename_table}, in one short transaction: the table takes its new name and a view
 * {@code SELECT * FROM <new>} takes the old one, granted as the table was. A simple view is
 * updatable (INSERT, UPDATE, DELETE, RETURNING, ON CONFLICT, the table's defaults), so the
 * application's old version works on as before while the new one uses the new name; nothing is
 * copied. Cleanup drops the view once the run's quiet period has passed since the rename
 * (pgshift cannot see reads of a view: retire the old version first). Undone exactly: the view
 * goes and the table takes its old name back.
 */
public final class RenameTableOperation implements Operation {
    public static final OperationType<RenameTable> TYPE = new Type();

    private final RenameTable spec;

    RenameTableOperation(RenameTable spec) {
        this.spec = spec;
    }

    @Override
    public StepKind kind() {
        return StepKind.RENAME_TABLE;
    }

    @Override
    public String summary() {
        return "rename table " + spec.table().display() + " to " + spec.to() + ", a view keeping the old name until cleanup";
    }

    @Override
    public List<Statement> apply() {
        TableRef from = spec.table();
        TableRef to = spec.renamed();
        String sql = "DO " + DollarQuote.around("pgshift",
                "DECLARE\n"
                + "    g record;\n"
                + "BEGIN\n"
                + "    ALTER TABLE " + from.sql() + " RENAME TO " + Quoting.ident(spec.to()) + ";\n"
                + "    CREATE VIEW " + from.sql() + " AS SELECT * FROM " + to.sql() + ";\n"
                + "    -- whoever could use the table may use the view, as the table allowed\n"
                + "    FOR g IN SELECT a.privilege_type, coalesce(r.rolname, 'PUBLIC') AS grantee\n"
                + "               FROM pg_class c, aclexplode(c.relacl) a LEFT JOIN pg_roles r ON r.oid = a.grantee\n"
                + "              WHERE c.oid = " + Quoting.literal(to.sql()) + "::regclass\n"
                + "                AND a.privilege_type IN ('SELECT', 'INSERT', 'UPDATE', 'DELETE') LOOP\n"
                + "        EXECUTE format('GRANT %s ON " + from.sql().replace("%", "%%") + " TO %s', g.privilege_type,\n"
                + "                       CASE g.grantee WHEN 'PUBLIC' THEN 'PUBLIC' ELSE quote_ident(g.grantee) END);\n"
                + "    END LOOP;\n"
                + "END");
        return List.of(Statements.metadata(sql, from, LockMode.ACCESS_EXCLUSIVE, renamed(from, to)));
    }

    /** True once {@code to} is a table and {@code from} no longer is one. */
    private static String renamed(TableRef from, TableRef to) {
        return "SELECT to_regclass(" + Quoting.literal(to.sql()) + ") IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_class"
                + " WHERE oid = to_regclass(" + Quoting.literal(from.sql()) + ") AND relkind IN ('r', 'p'))";
    }

    @Override
    public List<Statement> rollback(boolean dropData) {
        TableRef from = spec.table();
        TableRef to = spec.renamed();
        String sql = "DO " + DollarQuote.around("pgshift",
                "BEGIN\n"
                + "    DROP VIEW IF EXISTS " + from.sql() + ";\n"
                + "    ALTER TABLE " + to.sql() + " RENAME TO " + Quoting.ident(from.name()) + ";\n"
                + "END");
        return List.of(Statements.metadata(sql, to, LockMode.ACCESS_EXCLUSIVE,
                "SELECT NOT (" + renamed(from, to) + ")"));
    }

    /** The view under the old name, dropped at cleanup. */
    public static Statement dropView(TableRef table, String view) {
        TableRef v = new TableRef(table.schema(), view);
        return Statements.metadata("DROP VIEW IF EXISTS " + v.sql(), v, LockMode.ACCESS_EXCLUSIVE, null);
    }

    private static final class Type implements OperationType<RenameTable> {
        @Override
        public String key() {
            return "rename_table";
        }

        @Override
        public Phase phase() {
            return Phase.EXPAND;
        }

        @Override
        public Class<RenameTable> model() {
            return RenameTable.class;
        }

        @Override
        public List<String> fields() {
            return List.of("table", "to");
        }

        @Override
        public RenameTable parse(StepFields m) {
            return new RenameTable(m.requireTable("table"), m.requireIdentifier("to"));
        }

        @Override
        public Operation operation(RenameTable step) {
            return new RenameTableOperation(step);
        }

        @Override
        public void simulate(SimulationScope sim, String path, RenameTable step) {
            VirtualSchema schema = sim.schema();
            TableRef to = step.renamed();
            boolean done = sim.catalog().relationKind(to).map(k -> k == 'r' || k == 'p').orElse(false)
                    && sim.catalog().relationKind(step.table()).map(k -> k == 'v').orElse(false);
            if (done) {
                sim.markPresentIf(path, true);
                return;
            }
            if (schema.table(step.table()).isEmpty()) {
                sim.requireTable(path + ".table", step.table());
                return;
            }
            if (schema.relationKind(to).isPresent()) {
                sim.conflict(path + ".to", "relation " + PlanProblem.quote(to),
                        VirtualSchema.kindName(schema.relationKind(to).get()), "the renamed table");
                return;
            }
            schema.renameTable(step.table(), to);
        }

        @Override
        public void needs(RenameTable step, TableNeeds.Builder needs) {
            needs.add(step.table(), TableNeeds.Need.ALTER).add(step.table(), TableNeeds.Need.CREATE_IN_SCHEMA);
        }

        @Override
        public List<TableRef> createdRelations(RenameTable step) {
            return List.of(step.renamed());
        }
    }
}
