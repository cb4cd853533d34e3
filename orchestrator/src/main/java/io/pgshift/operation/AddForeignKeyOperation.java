package io.pgshift.operation;

import io.pgshift.catalog.CatalogSnapshot;
import io.pgshift.catalog.ConstraintInfo;
import io.pgshift.catalog.SimulationScope;
import io.pgshift.catalog.VirtualTable;
import io.pgshift.gate.GateCheck;
import io.pgshift.plan.LockMode;
import io.pgshift.plan.Phase;
import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.playbook.AddForeignKey;
import io.pgshift.playbook.Names;
import io.pgshift.playbook.Quoting;
import io.pgshift.playbook.ReferentialAction;
import io.pgshift.playbook.StepFields;
import io.pgshift.playbook.TableRef;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code add_foreign_key}: added NOT VALID (SHARE ROW EXCLUSIVE on both tables, no scan), then
 * validated under SHARE UPDATE EXCLUSIVE while reads and writes continue. PostgreSQL 15 refuses a
 * NOT VALID foreign key on a partitioned table, so there each leaf partition gets its own that
 * way, then each parent adds it valid: PostgreSQL adopts the partitions' validated foreign keys
 * instead of checking rows again.
 */
public final class AddForeignKeyOperation implements Operation {
    public static final OperationType<AddForeignKey> TYPE = new Type();

    private final AddForeignKey spec;
    private final PartitionTree tree;

    public AddForeignKeyOperation(AddForeignKey spec) {
        this(spec, PartitionTree.plain(spec.table()));
    }

    AddForeignKeyOperation(AddForeignKey spec, PartitionTree tree) {
        this.spec = spec;
        this.tree = tree;
    }

    @Override
    public StepKind kind() {
        return StepKind.ADD_FOREIGN_KEY;
    }

    @Override
    public String summary() {
        return "add foreign key " + spec.name() + " " + spec.table().display() + " (" + String.join(", ", spec.columns())
                + ") -> " + spec.referencedTable().display() + " (" + String.join(", ", spec.referencedColumns()) + ")"
                + (tree.partitioned() ? ", partition by partition" : "");
    }

    @Override
    public List<Statement> apply() {
        return tree.bottomUp(this::notValidThenValidate, this::adopted);
    }

    private List<Statement> notValidThenValidate(TableRef table) {
        return List.of(Statements.metadata(add(table) + " NOT VALID", table, LockMode.SHARE_ROW_EXCLUSIVE,
                        Guards.constraintExists(table, spec.name())),
                Statements.validate(table, spec.name()));
    }

    /**
     * SHARE ROW EXCLUSIVE on the parent and its partitions, and ACCESS EXCLUSIVE on the referenced
     * table for an instant: adopting a partition's foreign key drops that partition's own triggers
     * on the referenced table (the parent's serve it from then on), so its reads wait too.
     */
    private List<Statement> adopted(TableRef table) {
        return List.of(Statements.metadata(add(table), spec.referencedTable(), LockMode.ACCESS_EXCLUSIVE,
                Guards.constraintExists(table, spec.name())));
    }

    private String add(TableRef table) {
        return "ALTER TABLE " + table.sql() + " ADD CONSTRAINT " + Quoting.ident(spec.name()) + " FOREIGN KEY ("
                + Quoting.idents(spec.columns()) + ") REFERENCES " + spec.referencedTable().sql() + " ("
                + Quoting.idents(spec.referencedColumns()) + ") ON DELETE " + spec.onDelete().sql();
    }

    /** A parent's drop takes its partitions' adopted foreign keys along; each partition's covers a half-done apply. */
    @Override
    public List<Statement> rollback(boolean dropData) {
        return tree.topDown(this::drop, this::drop);
    }

    private List<Statement> drop(TableRef table) {
        return List.of(Statements.dropConstraint(table, spec.name()));
    }

    private static final class Type implements OperationType<AddForeignKey> {
        @Override
        public String key() {
            return "add_foreign_key";
        }

        @Override
        public Phase phase() {
            return Phase.CONTRACT;
        }

        @Override
        public Class<AddForeignKey> model() {
            return AddForeignKey.class;
        }

        @Override
        public List<String> fields() {
            return List.of("table", "columns", "references", "on_delete", "name");
        }

        @Override
        public AddForeignKey parse(StepFields m) {
            TableRef table = m.requireTable("table");
            List<String> columns = m.identifiers("columns", true);
            StepFields ref = m.requireMap("references", "table", "columns");
            TableRef referenced = ref.requireTable("table");
            List<String> referencedColumns = ref.identifiers("columns", true);
            if (!columns.isEmpty() && !referencedColumns.isEmpty() && columns.size() != referencedColumns.size()) {
                ref.problem("columns", "expected as many referenced columns as columns (" + columns.size()
                        + "), got " + referencedColumns.size());
            }
            String name = m.has("name") ? m.optionalIdentifier("name") : Names.generated(table, columns, "fkey");
            Claims.relation(m, table, name);
            return new AddForeignKey(table, columns, referenced, referencedColumns, ReferentialAction.read(m), name);
        }

        @Override
        public Operation operation(AddForeignKey step) {
            return new AddForeignKeyOperation(step);
        }

        @Override
        public Operation operation(AddForeignKey step, CatalogSnapshot catalog) {
            return new AddForeignKeyOperation(step, PartitionTree.of(catalog, step.table()));
        }

        /** Orphans: rows whose (non-NULL) columns find no referenced row; NULL references are allowed, as PostgreSQL does. */
        @Override
        public Optional<GateCheck> gate(String path, AddForeignKey f) {
            String notNull = f.columns().stream().map(c -> "t." + Quoting.ident(c) + " IS NOT NULL")
                    .collect(Collectors.joining(" AND "));
            StringBuilder match = new StringBuilder();
            for (int i = 0; i < f.columns().size(); i++) {
                match.append(i == 0 ? "" : " AND ").append("r.").append(Quoting.ident(f.referencedColumns().get(i)))
                        .append(" = t.").append(Quoting.ident(f.columns().get(i)));
            }
            return Optional.of(GateCheck.rows(path, "orphans in " + f.table().display() + " (" + String.join(", ", f.columns())
                    + ") without a row in " + f.referencedTable().display(), f.table(),
                    notNull + " AND NOT EXISTS (SELECT 1 FROM " + f.referencedTable().sql() + " AS r WHERE " + match + ")"));
        }

        @Override
        public void simulate(SimulationScope sim, String path, AddForeignKey step) {
            sim.requireTable(path + ".table", step.table())
                    .filter(table -> PartitionSimulation.supported(sim, path, step.table(), "a foreign key"))
                    .ifPresent(table -> simulateOn(sim, path, table, step));
        }

        private static void simulateOn(SimulationScope sim, String path, VirtualTable table, AddForeignKey step) {
            boolean columns = sim.requireColumns(path + ".columns", table, step.columns());
            Optional<VirtualTable> target = sim.requireTable(path + ".references.table", step.referencedTable());
            if (target.isEmpty() || !sim.requireColumns(path + ".references.columns", target.get(), step.referencedColumns())
                    || !columns) {
                return;
            }
            TableRef to = step.referencedTable();
            ConstraintInfo wanted = new ConstraintInfo(constraintName(step), 'f', step.columns(),
                    "FOREIGN KEY (" + String.join(", ", step.columns()) + ") REFERENCES " + to.display()
                            + "(" + String.join(", ", step.referencedColumns()) + ")",
                    true, to.schema(), to.name(), step.referencedColumns());
            boolean same = ConstraintSimulation.existing(sim, path, table, wanted, c -> c.columns().equals(step.columns())
                    && to.schema().equals(c.referencedSchema()) && to.name().equals(c.referencedTable())
                    && (c.referencedColumns().isEmpty() || c.referencedColumns().equals(step.referencedColumns())));
            if (!same) {
                sim.checkForeignKey(path, table, step.columns(), target.get(), step.referencedColumns());
                table.putConstraint(wanted);
            }
        }

        @Override
        public void needs(AddForeignKey step, TableNeeds.Builder needs) {
            needs.add(step.table(), TableNeeds.Need.ALTER).add(step.referencedTable(), TableNeeds.Need.REFERENCES);
        }
    }

    /** The constraint's name, or the one PostgreSQL would give it ({@code <table>_<columns>_fkey}). */
    static String constraintName(AddForeignKey fk) {
        return fk.name() != null ? fk.name() : Names.generated(fk.table(), fk.columns(), "fkey");
    }
}
