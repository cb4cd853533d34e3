package io.pgshift.operation;

import io.pgshift.catalog.CatalogSnapshot;
import io.pgshift.catalog.SimulationScope;
import io.pgshift.plan.Phase;
import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.playbook.CreateIndex;
import io.pgshift.playbook.Names;
import io.pgshift.playbook.Quoting;
import io.pgshift.playbook.StepFields;
import io.pgshift.playbook.TableRef;
import java.util.List;

/**
 * {@code create_index}: always CONCURRENTLY, so writes continue during the build. A failed
 * concurrent build leaves an INVALID index behind; it is dropped first, then rebuilt. On a
 * partitioned table each partition's index is built concurrently and attached to one created
 * {@code ON ONLY} the parent ({@link PartitionedIndex}).
 */
public final class CreateIndexOperation implements Operation {
    public static final OperationType<CreateIndex> TYPE = new Type();

    private final CreateIndex spec;
    private final PartitionTree tree;

    public CreateIndexOperation(CreateIndex spec) {
        this(spec, PartitionTree.plain(spec.table()));
    }

    CreateIndexOperation(CreateIndex spec, PartitionTree tree) {
        this.spec = spec;
        this.tree = tree;
    }

    @Override
    public StepKind kind() {
        return StepKind.CREATE_INDEX;
    }

    @Override
    public String summary() {
        return "create " + (spec.unique() ? "unique " : "") + "index " + spec.name() + " on "
                + spec.table().display() + " (" + String.join(", ", spec.columns()) + ")"
                + (tree.partitioned() ? ", partition by partition" : "");
    }

    @Override
    public List<Statement> apply() {
        if (tree.partitioned()) {
            return PartitionedIndex.create(tree, indexName(spec), shape());
        }
        String sql = "CREATE " + (spec.unique() ? "UNIQUE " : "") + "INDEX CONCURRENTLY IF NOT EXISTS "
                + Quoting.ident(spec.name()) + " ON " + spec.table().sql() + shape().definition();
        return List.of(Statements.dropInvalidIndex(spec.table(), spec.name()),
                Statements.buildIndexConcurrently(sql, spec.table(), null));
    }

    @Override
    public List<Statement> rollback(boolean dropData) {
        if (tree.partitioned()) {
            return PartitionedIndex.drop(tree, indexName(spec), shape());
        }
        return List.of(Statements.dropIndex(spec.table(), spec.name()));
    }

    private PartitionedIndex.Shape shape() {
        return new PartitionedIndex.Shape(spec.unique(), spec.using() == null ? "btree" : spec.using(), spec.columns(),
                spec.where(), false);
    }

    private static final class Type implements OperationType<CreateIndex> {
        private static final List<String> METHODS = List.of("btree", "hash", "gist", "gin", "brin", "spgist");

        @Override
        public String key() {
            return "create_index";
        }

        @Override
        public Phase phase() {
            return Phase.EXPAND;
        }

        @Override
        public Class<CreateIndex> model() {
            return CreateIndex.class;
        }

        @Override
        public List<String> fields() {
            return List.of("table", "columns", "name", "using", "unique", "where");
        }

        @Override
        public CreateIndex parse(StepFields m) {
            TableRef table = m.requireTable("table");
            List<String> columns = m.identifiers("columns", true);
            String name = m.has("name") ? m.optionalIdentifier("name") : Names.generated(table, columns, "idx");
            String using = m.choice("using", "btree", METHODS);
            CreateIndex step = new CreateIndex(table, name, columns, using, m.bool("unique", false), m.optionalExpression("where"));
            Claims.relation(m, table, name);
            return step;
        }

        @Override
        public Operation operation(CreateIndex step) {
            return new CreateIndexOperation(step);
        }

        @Override
        public Operation operation(CreateIndex step, CatalogSnapshot catalog) {
            return new CreateIndexOperation(step, PartitionTree.of(catalog, step.table()));
        }

        @Override
        public void simulate(SimulationScope sim, String path, CreateIndex create) {
            sim.requireTable(path + ".table", create.table()).ifPresent(table -> {
                if (sim.requireColumns(path + ".columns", table, create.columns())
                        && PartitionSimulation.supported(sim, path, create.table(), "an index")
                        && (!create.unique() || PartitionSimulation.coversKey(sim, path, create.table(), create.columns()))) {
                    PartitionSimulation.partitionIndexes(sim, path, create.table(), new CreateIndexOperation(create).shape());
                    IndexSimulation.createOn(sim, path, table, create);
                }
            });
        }

        @Override
        public void needs(CreateIndex step, TableNeeds.Builder needs) {
            needs.add(step.table(), TableNeeds.Need.ALTER).buildsIndexes();
        }

        @Override
        public List<TableRef> createdRelations(CreateIndex step) {
            return List.of(new TableRef(step.table().schema(), indexName(step)));
        }
    }

    /** The index's name, or the one PostgreSQL would give it ({@code <table>_<columns>_idx}). */
    static String indexName(CreateIndex index) {
        return index.name() != null ? index.name() : Names.generated(index.table(), index.columns(), "idx");
    }
}
