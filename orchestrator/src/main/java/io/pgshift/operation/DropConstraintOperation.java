package io.pgshift.operation;

import io.pgshift.catalog.CatalogSnapshot;
import io.pgshift.catalog.ConstraintInfo;
import io.pgshift.catalog.Dependent.Kind;
import io.pgshift.catalog.Dependent.Part;
import io.pgshift.catalog.IndexInfo;
import io.pgshift.catalog.SimulationScope;
import io.pgshift.catalog.TableInfo;
import io.pgshift.plan.LockMode;
import io.pgshift.plan.Phase;
import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.playbook.DropConstraint;
import io.pgshift.playbook.Quoting;
import io.pgshift.playbook.StepFields;
import io.pgshift.playbook.TableRef;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code drop_constraint}: {@code DROP CONSTRAINT IF EXISTS}, catalog only (a primary key or
 * unique constraint takes its index along). Refused at plan time while a foreign key references
 * it or a view relies on it. The undo re-adds it from its definition as planned without a long
 * lock: a check or foreign key NOT VALID then validated, a unique or primary key constraint over
 * an index built concurrently; an exclusion constraint cannot be re-added so, and is not undone.
 */
public final class DropConstraintOperation implements Operation {
    public static final OperationType<DropConstraint> TYPE = new Type();
    private static final String NOT_VALID = " NOT VALID";
    private static final Pattern DEFERRABLE = Pattern.compile(" DEFERRABLE( INITIALLY DEFERRED)?$");

    private final DropConstraint spec;
    /** The constraint as planned, or null when the catalog did not show it. */
    private final ConstraintInfo dropped;
    /** Its index (primary key, unique), or null. */
    private final IndexInfo index;
    /** The columns of its table it stands on, as planned ({@link UndoGround}). */
    private final List<String> columns;

    public DropConstraintOperation(DropConstraint spec) {
        this(spec, null, null, List.of());
    }

    DropConstraintOperation(DropConstraint spec, ConstraintInfo dropped, IndexInfo index, List<String> columns) {
        this.spec = spec;
        this.dropped = dropped;
        this.index = index;
        this.columns = List.copyOf(columns);
    }

    @Override
    public StepKind kind() {
        return StepKind.DROP_CONSTRAINT;
    }

    @Override
    public String summary() {
        return "drop constraint " + spec.name() + " of " + spec.table().display()
                + (dropped == null ? "" : ": " + dropped.definition());
    }

    /** Dropping a foreign key also takes the referenced table's ACCESS EXCLUSIVE lock briefly (its triggers there). */
    @Override
    public List<Statement> apply() {
        return List.of(Statements.dropConstraint(spec.table(), spec.name()));
    }

    @Override
    public List<Statement> rollback(boolean dropData) {
        if (dropped == null) {
            return List.of();
        }
        List<Statement> undo = switch (dropped.type()) {
            case 'c', 'f' -> readdNotValid();
            case 'u', 'p' -> index == null ? List.of() : reattach();
            default -> List.of();
        };
        undo = UndoGround.unlessGone(undo, spec.table(), columns);
        if (dropped.type() == 'f' && dropped.referencedTable() != null) {
            // the referenced table (or its key) may be dropped by a later step too
            undo = UndoGround.unlessGone(undo, new TableRef(dropped.referencedSchema(), dropped.referencedTable()),
                    dropped.referencedColumns());
        }
        return undo;
    }

    /** Added NOT VALID (no scan), then validated unless it was NOT VALID before. */
    private List<Statement> readdNotValid() {
        TableRef table = spec.table();
        String definition = dropped.definition();
        if (definition.endsWith(NOT_VALID)) {
            definition = definition.substring(0, definition.length() - NOT_VALID.length());
        }
        Statement add = Statements.metadata("ALTER TABLE " + table.sql() + " ADD CONSTRAINT " + Quoting.ident(spec.name())
                        + " " + definition + NOT_VALID, table,
                dropped.type() == 'f' ? LockMode.SHARE_ROW_EXCLUSIVE : LockMode.ACCESS_EXCLUSIVE,
                Guards.constraintExists(table, spec.name()));
        return dropped.validated() ? List.of(add, Statements.validate(table, spec.name())) : List.of(add);
    }

    /** The unique index built concurrently as it was, then attached as the constraint (catalog only). */
    private List<Statement> reattach() {
        TableRef table = spec.table();
        String name = Quoting.ident(spec.name());
        String attached = Guards.constraintExists(table, spec.name());
        Matcher deferrable = DEFERRABLE.matcher(dropped.definition());
        return List.of(
                Statements.dropInvalidIndex(table, spec.name()),
                Statements.buildIndexConcurrently(DropIndexOperation.concurrently(index.definition()), table, attached),
                Statements.metadata("ALTER TABLE " + table.sql() + " ADD CONSTRAINT " + name
                        + (dropped.type() == 'p' ? " PRIMARY KEY" : " UNIQUE") + " USING INDEX " + name
                        + (deferrable.find() ? deferrable.group() : ""), table, LockMode.ACCESS_EXCLUSIVE, attached));
    }

    private static final class Type implements OperationType<DropConstraint> {
        @Override
        public String key() {
            return "drop_constraint";
        }

        @Override
        public Phase phase() {
            return Phase.CONTRACT;
        }

        @Override
        public Class<DropConstraint> model() {
            return DropConstraint.class;
        }

        @Override
        public List<String> fields() {
            return List.of("table", "name");
        }

        @Override
        public DropConstraint parse(StepFields m) {
            TableRef table = m.requireTable("table");
            String name = m.requireIdentifier("name");
            Claims.relation(m, table, name);
            return new DropConstraint(table, name);
        }

        @Override
        public Operation operation(DropConstraint step) {
            return new DropConstraintOperation(step);
        }

        @Override
        public Operation operation(DropConstraint step, CatalogSnapshot catalog) {
            Optional<TableInfo> table = catalog.table(step.table());
            Optional<ConstraintInfo> dropped = table.flatMap(t -> t.constraint(step.name()));
            return new DropConstraintOperation(step, dropped.orElse(null), table.flatMap(t -> t.index(step.name())).orElse(null),
                    UndoGround.columns(catalog, step.table(), Set.of(Kind.CONSTRAINT, Kind.FOREIGN_KEY), step.name(),
                            dropped.map(ConstraintInfo::columns).orElse(List.of())));
        }

        @Override
        public void simulate(SimulationScope sim, String path, DropConstraint step) {
            String subject = DropSimulation.constraint(step.table(), step.name());
            DropSimulation.requireTable(sim, path + ".table", step.table()).ifPresent(table -> {
                if (table.constraint(step.name()).isEmpty()) {
                    DropSimulation.missing(sim, path, subject, sim.catalog().table(step.table())
                            .flatMap(t -> t.constraint(step.name())).isPresent());
                } else if (DropSimulation.free(sim, path, subject,
                        sim.schema().dependents(step.table(), Part.CONSTRAINT, step.name()))) {
                    sim.schema().dropConstraint(table, step.name());
                }
            });
        }

        @Override
        public void needs(DropConstraint step, TableNeeds.Builder needs) {
            needs.add(step.table(), TableNeeds.Need.ALTER);
        }
    }
}
