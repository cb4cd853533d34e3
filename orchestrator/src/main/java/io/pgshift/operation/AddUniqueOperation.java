package io.pgshift.operation;

import io.pgshift.catalog.CatalogSnapshot;
import io.pgshift.catalog.ConstraintInfo;
import io.pgshift.catalog.IndexInfo;
import io.pgshift.catalog.PlanProblem;
import io.pgshift.catalog.SimulationScope;
import io.pgshift.catalog.VirtualSchema;
import io.pgshift.catalog.VirtualTable;
import io.pgshift.gate.GateCheck;
import io.pgshift.gate.GateChunkSql;
import io.pgshift.plan.LockMode;
import io.pgshift.plan.Phase;
import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.playbook.AddUnique;
import io.pgshift.playbook.Names;
import io.pgshift.playbook.Quoting;
import io.pgshift.playbook.StepFields;
import io.pgshift.playbook.TableRef;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code add_unique}: the unique index is built CONCURRENTLY (the long part, writes go on), then
 * attached as a constraint with {@code USING INDEX}, which only touches the catalog. On a
 * partitioned table (whose partition key the columns must include) each partition's index is
 * built and made its constraint, then attached to the parent's ({@link PartitionedIndex}).
 */
public final class AddUniqueOperation implements Operation {
    public static final OperationType<AddUnique> TYPE = new Type();

    private final AddUnique spec;
    private final PartitionTree tree;

    public AddUniqueOperation(AddUnique spec) {
        this(spec, PartitionTree.plain(spec.table()));
    }

    AddUniqueOperation(AddUnique spec, PartitionTree tree) {
        this.spec = spec;
        this.tree = tree;
    }

    private PartitionedIndex.Shape shape() {
        return new PartitionedIndex.Shape(true, "btree", spec.columns(), null, true);
    }

    @Override
    public StepKind kind() {
        return StepKind.ADD_UNIQUE;
    }

    @Override
    public String summary() {
        return "add unique " + spec.name() + " on " + spec.table().display() + " (" + String.join(", ", spec.columns()) + ")"
                + (tree.partitioned() ? ", partition by partition" : "");
    }

    @Override
    public List<Statement> apply() {
        if (tree.partitioned()) {
            return PartitionedIndex.create(tree, constraintName(spec), shape());
        }
        var table = spec.table();
        String name = Quoting.ident(spec.name());
        String attached = Guards.constraintExists(table, spec.name());
        return List.of(
                Statements.dropInvalidIndex(table, spec.name()),
                Statements.buildIndexConcurrently("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS " + name + " ON "
                        + table.sql() + " (" + Quoting.idents(spec.columns()) + ")", table, attached),
                Statements.metadata("ALTER TABLE " + table.sql() + " ADD CONSTRAINT " + name + " UNIQUE USING INDEX "
                        + name, table, LockMode.ACCESS_EXCLUSIVE, attached));
    }

    @Override
    public List<Statement> rollback(boolean dropData) {
        if (tree.partitioned()) {
            return PartitionedIndex.drop(tree, constraintName(spec), shape());
        }
        // Dropping the constraint drops its index; the second statement covers a build not yet attached.
        return List.of(Statements.dropConstraint(spec.table(), spec.name()),
                Statements.dropIndex(spec.table(), spec.name()));
    }

    private static final class Type implements OperationType<AddUnique> {
        @Override
        public String key() {
            return "add_unique";
        }

        @Override
        public Phase phase() {
            return Phase.CONTRACT;
        }

        @Override
        public Class<AddUnique> model() {
            return AddUnique.class;
        }

        @Override
        public List<String> fields() {
            return List.of("table", "columns", "name");
        }

        @Override
        public AddUnique parse(StepFields m) {
            TableRef table = m.requireTable("table");
            List<String> columns = m.identifiers("columns", true);
            String name = m.has("name") ? m.optionalIdentifier("name") : Names.generated(table, columns, "key");
            Claims.relation(m, table, name);
            return new AddUnique(table, columns, name);
        }

        @Override
        public Operation operation(AddUnique step) {
            return new AddUniqueOperation(step);
        }

        @Override
        public Operation operation(AddUnique step, CatalogSnapshot catalog) {
            return new AddUniqueOperation(step, PartitionTree.of(catalog, step.table()));
        }

        @Override
        public Optional<GateCheck> gate(String path, AddUnique u) {
            String cols = Quoting.idents(u.columns());
            String notNull = u.columns().stream().map(c -> Quoting.ident(c) + " IS NOT NULL").collect(Collectors.joining(" AND "));
            // Duplicates can sit in different key ranges: counted in one pass, not in chunks. The
            // most repeated values come back as samples: they are what a person has to clean up.
            return Optional.of(new GateCheck(path, "duplicate values of " + u.table().display() + " ("
                    + String.join(", ", u.columns()) + ")", u.table(), null,
                    "SELECT count(*), (array_agg(format('%s in %s rows', v, n) ORDER BY n DESC, v))[1:"
                            + GateChunkSql.SAMPLES + "] FROM (SELECT ROW(" + cols + ")::text AS v, count(*) AS n FROM "
                            + u.table().sql() + " WHERE " + notNull + " GROUP BY " + cols
                            + " HAVING count(*) > 1) AS duplicates", "values"));
        }

        @Override
        public void simulate(SimulationScope sim, String path, AddUnique step) {
            sim.requireTable(path + ".table", step.table()).ifPresent(table -> simulateOn(sim, path, table, step));
        }

        private static void simulateOn(SimulationScope sim, String path, VirtualTable table, AddUnique step) {
            if (!sim.requireColumns(path + ".columns", table, step.columns())
                    || !PartitionSimulation.supported(sim, path, step.table(), "a unique constraint")
                    || !PartitionSimulation.coversKey(sim, path, step.table(), step.columns())) {
                return;
            }
            PartitionSimulation.partitionIndexes(sim, path, step.table(), new AddUniqueOperation(step).shape());
            String name = constraintName(step);
            ConstraintInfo wanted = new ConstraintInfo(name, 'u', step.columns(),
                    "UNIQUE (" + String.join(", ", step.columns()) + ")", true, null, null);
            if (ConstraintSimulation.existing(sim, path, table, wanted, c -> c.columns().equals(step.columns()))) {
                return;
            }
            // The constraint is attached to a unique index of its name, which may already exist on this table.
            TableRef relation = new TableRef(step.table().schema(), name);
            Optional<Character> kind = sim.schema().relationKind(relation);
            if (kind.isPresent() && table.index(name).isEmpty()) {
                sim.conflict(path, "relation " + PlanProblem.quote(relation), VirtualSchema.kindName(kind.get())
                        + sim.schema().indexOwner(relation).map(t -> " on " + PlanProblem.quote(t)).orElse(""),
                        "the index of a unique constraint on " + PlanProblem.quote(step.table()));
                return;
            }
            table.putConstraint(wanted);
            table.putIndex(new IndexInfo(name, step.columns(), true, false, true, false, null));
            sim.schema().registerIndex(step.table(), name);
        }

        @Override
        public void needs(AddUnique step, TableNeeds.Builder needs) {
            needs.add(step.table(), TableNeeds.Need.ALTER).buildsIndexes();
        }
    }

    /** The constraint's name, or the one PostgreSQL would give it ({@code <table>_<columns>_key}). */
    static String constraintName(AddUnique unique) {
        return unique.name() != null ? unique.name() : Names.generated(unique.table(), unique.columns(), "key");
    }
}
