package io.pgshift.catalog;

import io.pgshift.catalog.PlanProblem.ConflictingDefinition;
import io.pgshift.catalog.PlanProblem.ForeignKeyTargetNotUnique;
import io.pgshift.catalog.PlanProblem.ForeignKeyTypeMismatch;
import io.pgshift.catalog.PlanProblem.MissingRequirement;
import io.pgshift.catalog.PlanProblem.NoBatchKey;
import io.pgshift.catalog.PlanProblem.UnknownColumn;
import io.pgshift.catalog.PlanProblem.UnknownTable;
import io.pgshift.playbook.AddColumn;
import io.pgshift.playbook.Backfill;
import io.pgshift.playbook.ColumnDef;
import io.pgshift.playbook.ContractStep;
import io.pgshift.playbook.CreateIndex;
import io.pgshift.playbook.CreateTable;
import io.pgshift.playbook.ExpandStep;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.RawSql;
import io.pgshift.playbook.Requires;
import io.pgshift.playbook.TableRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One validation: walks the playbook in the order it runs (expand, backfill, contract) over a
 * {@link VirtualSchema}. Conflicts are judged against the virtual schema (earlier steps count);
 * "already present" against the live catalog (a step is done only if the database shows it), with
 * one exception: set_not_null on a column an earlier step creates NOT NULL, which is certain to be
 * in place before contract runs.
 */
final class Simulation {
    private final CatalogSnapshot catalog;
    private final VirtualSchema schema;
    private final List<PlanProblem> problems = new ArrayList<>();
    private final Set<String> present = new HashSet<>();

    Simulation(CatalogSnapshot catalog) {
        this.catalog = catalog;
        this.schema = new VirtualSchema(catalog);
    }

    ValidationResult run(Playbook playbook) {
        playbook.requires().tables().forEach(this::requirement);
        for (int i = 0; i < playbook.expand().size(); i++) {
            ExpandStep step = playbook.expand().get(i);
            expand("expand[" + i + "]." + step.kind(), step);
        }
        for (int i = 0; i < playbook.backfill().size(); i++) {
            backfill("backfill[" + i + "]", playbook.backfill().get(i));
        }
        ContractSimulation contract = new ContractSimulation(this);
        for (int i = 0; i < playbook.contract().size(); i++) {
            ContractStep step = playbook.contract().get(i);
            contract.step("contract[" + i + "]." + step.kind(), step);
        }
        return new ValidationResult(problems, present);
    }

    private void requirement(Requires.RequiredTable required) {
        String path = "requires.tables." + required.table().display();
        Optional<VirtualTable> table = schema.table(required.table());
        if (table.isEmpty()) {
            problems.add(new MissingRequirement(path, required.table(), null));
            return;
        }
        required.columns().stream().filter(c -> table.get().column(c).isEmpty())
                .forEach(c -> problems.add(new MissingRequirement(path, required.table(), c)));
    }

    private void expand(String path, ExpandStep step) {
        if (step instanceof CreateTable t) {
            createTable(path, t);
        } else if (step instanceof AddColumn a) {
            addColumn(path, a);
        } else if (step instanceof CreateIndex i) {
            new IndexSimulation(this).createIndex(path, i);
        } else if (!(step instanceof RawSql)) { // raw SQL is opaque by design: lint judges it, the catalog cannot
            throw new IllegalStateException("expand step not simulated: " + step.kind());
        }
    }

    private void createTable(String path, CreateTable create) {
        Optional<VirtualTable> existing = schema.table(create.table());
        Optional<Character> kind = schema.relationKind(create.table());
        if (existing.isPresent()) {
            Map<String, String> have = columnTypes(existing.get().columns());
            Map<String, String> want = new LinkedHashMap<>();
            create.columns().forEach(c -> want.put(c.name(), TypeNames.normalise(c.type())));
            if (have.equals(want)) {
                markPresentIf(path, catalog.table(create.table()).isPresent());
            } else {
                conflict(path, "table " + PlanProblem.quote(create.table()), describe(have), describe(want));
            }
            return;
        }
        if (kind.isPresent()) {
            conflict(path, "relation " + PlanProblem.quote(create.table()), VirtualSchema.kindName(kind.get()),
                    "a table");
            return;
        }
        VirtualTable table = schema.createTable(create.table());
        for (ColumnDef c : create.columns()) {
            boolean inKey = create.primaryKey().contains(c.name());
            table.addColumn(c.name(), c.type(), inKey || !c.nullable(), c.defaultExpr());
        }
        if (requireColumns(path + ".primary_key", table, create.primaryKey()) && !create.primaryKey().isEmpty()) {
            String name = create.table().name() + "_pkey";
            table.putIndex(new IndexInfo(name, create.primaryKey(), true, true, true, false, null));
            table.putConstraint(new ConstraintInfo(name, 'p', create.primaryKey(),
                    "PRIMARY KEY (" + String.join(", ", create.primaryKey()) + ")", true, null, null));
            schema.registerIndex(create.table(), name);
        }
        for (int j = 0; j < create.columns().size(); j++) {
            ColumnDef c = create.columns().get(j);
            if (c.references() != null) {
                String refPath = path + ".columns[" + j + "].references";
                requireTable(refPath + ".table", c.references().table()).ifPresent(target -> {
                    if (requireColumns(refPath + ".column", target, List.of(c.references().column()))) {
                        checkForeignKey(refPath, table, List.of(c.name()), target, List.of(c.references().column()));
                    }
                });
            }
        }
    }

    private void addColumn(String path, AddColumn add) {
        requireTable(path + ".table", add.table()).ifPresent(table -> {
            Optional<ColumnInfo> existing = table.column(add.column());
            if (existing.isEmpty()) {
                table.addColumn(add.column(), add.type(), add.notNull(), add.defaultExpr());
            } else if (fits(existing.get(), add)) {
                markPresentIf(path, liveColumn(add.table(), add.column()).filter(c -> fits(c, add)).isPresent());
            } else {
                conflict(path, "column " + PlanProblem.quote(add.column()) + " of table " + PlanProblem.quote(add.table()),
                        existing.get().type() + (existing.get().notNull() ? " not null" : ""),
                        add.type() + (add.notNull() ? " not null" : ""));
            }
        });
    }

    /**
     * Whether an existing column already is what add_column asks for. ADD COLUMN IF NOT EXISTS
     * leaves an existing column as it is, so a nullable one would stay nullable under not_null.
     */
    private static boolean fits(ColumnInfo existing, AddColumn add) {
        return TypeNames.same(existing.type(), add.type()) && (existing.notNull() || !add.notNull());
    }

    private void backfill(String path, Backfill backfill) {
        requireTable(path + ".table", backfill.table()).ifPresent(table -> {
            backfill.set().keySet().forEach(c -> requireColumns(path + ".set." + c, table, List.of(c)));
            if (table.toInfo().batchKey().isEmpty()) {
                problems.add(new NoBatchKey(path + ".table", backfill.table()));
            }
        });
    }

    // --- shared by the step simulations ---

    CatalogSnapshot catalog() {
        return catalog;
    }

    VirtualSchema schema() {
        return schema;
    }

    Optional<ColumnInfo> liveColumn(TableRef table, String column) {
        return catalog.table(table).flatMap(t -> t.column(column));
    }

    /** The table, or empty after reporting it unknown. */
    Optional<VirtualTable> requireTable(String path, TableRef ref) {
        Optional<VirtualTable> table = schema.table(ref);
        if (table.isEmpty()) {
            problems.add(new UnknownTable(path, ref));
        }
        return table;
    }

    /** Whether all columns exist; reports each one that does not. */
    boolean requireColumns(String path, VirtualTable table, List<String> columns) {
        boolean all = true;
        for (String c : columns) {
            if (table.column(c).isEmpty()) {
                problems.add(new UnknownColumn(path, table.ref(), c));
                all = false;
            }
        }
        return all;
    }

    /** Reports column type mismatches and a target without a unique key; assumes all columns exist. */
    void checkForeignKey(String path, VirtualTable from, List<String> columns, VirtualTable to, List<String> targets) {
        for (int k = 0; k < Math.min(columns.size(), targets.size()); k++) {
            ColumnInfo a = from.column(columns.get(k)).orElseThrow();
            ColumnInfo b = to.column(targets.get(k)).orElseThrow();
            if (!TypeNames.same(a.type(), b.type())) {
                problems.add(new ForeignKeyTypeMismatch(path, from.ref(), a.name(), a.type(), to.ref(), b.name(), b.type()));
            }
        }
        if (!to.hasUniqueKeyOn(targets)) {
            problems.add(new ForeignKeyTargetNotUnique(path, to.ref(), targets));
        }
    }

    void conflict(String path, String subject, String existing, String wanted) {
        problems.add(new ConflictingDefinition(path, subject, existing, wanted));
    }

    void markPresentIf(String path, boolean live) {
        if (live) {
            present.add(path);
        }
    }

    private static Map<String, String> columnTypes(List<ColumnInfo> columns) {
        Map<String, String> types = new LinkedHashMap<>();
        columns.forEach(c -> types.put(c.name(), TypeNames.normalise(c.type())));
        return types;
    }

    private static String describe(Map<String, String> columns) {
        return columns.entrySet().stream().map(e -> PlanProblem.quote(e.getKey()) + " " + e.getValue())
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
