package io.pgshift.operation;

import io.pgshift.catalog.CatalogSnapshot;
import io.pgshift.catalog.Dependent.Kind;
import io.pgshift.catalog.Dependent.Part;
import io.pgshift.catalog.IndexInfo;
import io.pgshift.catalog.PlanProblem;
import io.pgshift.catalog.SimulationScope;
import io.pgshift.catalog.TableInfo;
import io.pgshift.catalog.VirtualSchema;
import io.pgshift.catalog.VirtualTable;
import io.pgshift.plan.Phase;
import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.playbook.DropIndex;
import io.pgshift.playbook.Identifiers;
import io.pgshift.playbook.StepFields;
import io.pgshift.playbook.TableRef;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code drop_index}: {@code DROP INDEX CONCURRENTLY IF EXISTS}, outside a transaction, under
 * SHARE UPDATE EXCLUSIVE: reads and writes go on. Refused at plan time while a constraint is
 * enforced by the index (drop_constraint drops both) or a foreign key relies on it. The undo
 * rebuilds it, concurrently, from its definition as planned.
 */
public final class DropIndexOperation implements Operation {
    public static final OperationType<DropIndex> TYPE = new Type();
    private static final Pattern CREATE = Pattern.compile("^CREATE (UNIQUE )?INDEX ");

    private final DropIndex spec;
    /** The index's table: the one written, else the one the catalog shows; the index's own name when unknown. */
    private final TableRef table;
    /** pg_get_indexdef() as planned, or null when the catalog did not show the index. */
    private final String definition;
    /** The columns it is built on, as planned ({@link UndoGround}). */
    private final List<String> columns;

    public DropIndexOperation(DropIndex spec) {
        this(spec, spec.table(), null, List.of());
    }

    DropIndexOperation(DropIndex spec, TableRef table, String definition, List<String> columns) {
        this.spec = spec;
        this.table = table == null ? spec.index() : table;
        this.definition = definition;
        this.columns = List.copyOf(columns);
    }

    @Override
    public StepKind kind() {
        return StepKind.DROP_INDEX;
    }

    @Override
    public String summary() {
        return "drop index " + spec.name() + (table.equals(spec.index()) ? "" : " on " + table.display());
    }

    @Override
    public List<Statement> apply() {
        return List.of(Statements.dropIndex(table, spec.name()));
    }

    /** Rebuilt concurrently as it was; an INVALID leftover of a failed rebuild is dropped first. */
    @Override
    public List<Statement> rollback(boolean dropData) {
        if (definition == null) {
            return List.of();
        }
        return UndoGround.unlessGone(List.of(Statements.dropInvalidIndex(table, spec.name()),
                Statements.buildIndexConcurrently(concurrently(definition), table, null)), table, columns);
    }

    /** {@code CREATE INDEX i ON ...} as {@code CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON ...}. */
    static String concurrently(String definition) {
        return CREATE.matcher(definition).replaceFirst("CREATE $1INDEX CONCURRENTLY IF NOT EXISTS ");
    }

    private static final class Type implements OperationType<DropIndex> {
        @Override
        public String key() {
            return "drop_index";
        }

        @Override
        public Phase phase() {
            return Phase.CONTRACT;
        }

        @Override
        public Class<DropIndex> model() {
            return DropIndex.class;
        }

        @Override
        public List<String> fields() {
            return List.of("name", "table");
        }

        /** Without {@code table}, {@code name} may be {@code schema.index}; with it, the index is in the table's schema. */
        @Override
        public DropIndex parse(StepFields m) {
            if (!m.has("table")) {
                TableRef index = m.requireTable("name");
                Claims.relation(m, index, index == null ? null : index.name());
                return new DropIndex(index, null);
            }
            TableRef table = m.requireTable("table");
            String name = m.requireChecked("name", Identifiers::checkTableName);
            TableRef index = null;
            if (table != null && name != null) {
                TableRef written = TableRef.parse(name, table.schema());
                if (!written.schema().equals(table.schema())) {
                    m.problem("name", "the index of a table in schema '" + table.schema() + "' is in that schema, not in '"
                            + written.schema() + "'");
                }
                index = new TableRef(table.schema(), written.name());
                Claims.relation(m, table, index.name());
            }
            return new DropIndex(index, table);
        }

        @Override
        public Operation operation(DropIndex step) {
            return new DropIndexOperation(step);
        }

        @Override
        public Operation operation(DropIndex step, CatalogSnapshot catalog) {
            Optional<TableInfo> owner = step.table() != null ? catalog.table(step.table())
                    : catalog.tables().values().stream().filter(t -> t.schema().equals(step.index().schema())
                            && t.index(step.name()).isPresent()).findFirst();
            Optional<TableRef> table = owner.map(t -> new TableRef(t.schema(), t.name()));
            Optional<IndexInfo> index = owner.flatMap(t -> t.index(step.name()));
            return new DropIndexOperation(step, table.orElse(step.table()), index.map(IndexInfo::definition).orElse(null),
                    table.map(t -> UndoGround.columns(catalog, t, Set.of(Kind.INDEX), step.name(),
                            index.map(IndexInfo::columns).orElse(List.of()))).orElse(List.of()));
        }

        @Override
        public void simulate(SimulationScope sim, String path, DropIndex step) {
            if (step.table() != null) {
                DropSimulation.requireTable(sim, path + ".table", step.table()).ifPresent(t -> dropOn(sim, path, t, step));
                return;
            }
            Optional<VirtualTable> owner = sim.schema().indexOwner(step.index()).flatMap(sim.schema()::table);
            if (owner.isPresent()) {
                dropOn(sim, path, owner.get(), step);
            } else if (!takenByOther(sim, path, step)) {
                DropSimulation.missing(sim, path, DropSimulation.index(step.index()),
                        sim.catalog().relationKind(step.index()).isPresent());
            }
        }

        private static void dropOn(SimulationScope sim, String path, VirtualTable table, DropIndex step) {
            String subject = DropSimulation.index(step.index()) + " on table " + PlanProblem.quote(table.ref());
            if (table.index(step.name()).isEmpty()) {
                if (!takenByOther(sim, path, step)) {
                    DropSimulation.missing(sim, path, subject, sim.catalog().table(table.ref())
                            .flatMap(t -> t.index(step.name())).isPresent());
                }
                return;
            }
            if (sim.catalog().relationKind(step.index()).filter(k -> k == 'I').isPresent()) {
                sim.conflict(path, subject, "a partitioned index (PostgreSQL cannot drop it CONCURRENTLY)",
                        "an index drop_index drops concurrently");
                return;
            }
            // The index of a primary key, unique or exclusion constraint: DROP INDEX fails on it.
            List<String> enforced = table.constraints().stream()
                    .filter(c -> c.name().equals(step.name()) && "pux".indexOf(c.type()) >= 0)
                    .map(c -> DropSimulation.constraint(table.ref(), c.name()) + ", which it enforces"
                            + " (drop_constraint drops both)")
                    .toList();
            if (DropSimulation.free(sim, path, subject, enforced,
                    sim.schema().dependents(table.ref(), Part.INDEX, step.name()))) {
                sim.schema().dropIndex(table, step.name());
            }
        }

        /** The name holds another relation (a table, or an index of another table): a conflict. */
        private static boolean takenByOther(SimulationScope sim, String path, DropIndex step) {
            Optional<Character> kind = sim.schema().relationKind(step.index());
            if (kind.isEmpty()) {
                return false;
            }
            Optional<TableRef> owner = sim.schema().indexOwner(step.index());
            sim.conflict(path, "relation " + PlanProblem.quote(step.index()), owner.map(o -> "an index on table "
                    + PlanProblem.quote(o)).orElse(VirtualSchema.kindName(kind.get())),
                    step.table() == null ? "an index" : "an index on table " + PlanProblem.quote(step.table()));
            return true;
        }

        @Override
        public void needs(DropIndex step, TableNeeds.Builder needs) {
            needs.add(step.table(), TableNeeds.Need.ALTER);
        }

        @Override
        public List<TableRef> namedRelations(DropIndex step) {
            return step.index() == null ? List.of() : List.of(step.index());
        }
    }
}
