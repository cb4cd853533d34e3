package io.pgshift.catalog;

import io.pgshift.catalog.PlanProblem.ConflictingDefinition;
import io.pgshift.catalog.PlanProblem.ForeignKeyTargetNotUnique;
import io.pgshift.catalog.PlanProblem.ForeignKeyTypeMismatch;
import io.pgshift.catalog.PlanProblem.JoinSourceNotUnique;
import io.pgshift.catalog.PlanProblem.JoinTypeMismatch;
import io.pgshift.catalog.PlanProblem.MissingRequirement;
import io.pgshift.catalog.PlanProblem.NoBatchKey;
import io.pgshift.catalog.PlanProblem.UnknownColumn;
import io.pgshift.catalog.PlanProblem.UnknownTable;
import io.pgshift.playbook.Backfill;
import io.pgshift.playbook.BackfillSource;
import io.pgshift.playbook.ContractStep;
import io.pgshift.playbook.ExpandStep;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.Requires;
import io.pgshift.playbook.StepPath;
import io.pgshift.playbook.TableRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One validation: walks the playbook in the order it runs (expand, backfill, contract) over a
 * {@link VirtualSchema}, each expand and contract step replayed by its operation type. Conflicts are judged against the virtual schema (earlier steps count);
 * "already present" against the live catalog (a step is done only if the database shows it), with
 * one exception: set_not_null on a column an earlier step creates NOT NULL, which is certain to be
 * in place before contract runs.
 */
final class Simulation implements SimulationScope {
    private final CatalogSnapshot catalog;
    private final VirtualSchema schema;
    private final List<PlanProblem> problems = new ArrayList<>();
    private final Set<String> present = new HashSet<>();
    private Playbook playbook;

    Simulation(CatalogSnapshot catalog) {
        this.catalog = catalog;
        this.schema = new VirtualSchema(catalog);
    }

    ValidationResult run(Playbook playbook, StepSimulator steps) {
        this.playbook = playbook;
        playbook.requires().tables().forEach(this::requirement);
        for (int i = 0; i < playbook.expand().size(); i++) {
            ExpandStep step = playbook.expand().get(i);
            steps.simulate(this, StepPath.expand(i, step.kind()).toString(), step);
        }
        for (int i = 0; i < playbook.backfill().size(); i++) {
            backfill(StepPath.backfill(i).toString(), playbook.backfill().get(i));
        }
        for (int i = 0; i < playbook.contract().size(); i++) {
            ContractStep step = playbook.contract().get(i);
            steps.simulate(this, StepPath.contract(i, step.kind()).toString(), step);
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

    private void backfill(String path, Backfill backfill) {
        Optional<VirtualTable> target = requireTable(path + ".table", backfill.table());
        target.ifPresent(table -> {
            backfill.set().keySet().forEach(c -> requireColumns(path + ".set." + c, table, List.of(c)));
            if (table.toInfo().batchKey().isEmpty()) {
                problems.add(new NoBatchKey(path + ".table", backfill.table()));
            }
        });
        if (backfill.from() != null) {
            Optional<VirtualTable> source = requireTable(path + ".from.table", backfill.from().table());
            if (target.isPresent() && source.isPresent()) {
                join(path + ".from", target.get(), source.get(), backfill.from());
            }
        }
    }

    /** Every {@code on} pair exists on its side with comparable types; the source side holds a unique key. */
    private void join(String path, VirtualTable target, VirtualTable source, BackfillSource from) {
        boolean all = true;
        for (Map.Entry<String, String> pair : from.on().entrySet()) {
            String at = path + ".on." + pair.getKey();
            boolean inTarget = requireColumns(at, target, List.of(pair.getKey()));
            boolean inSource = requireColumns(at, source, List.of(pair.getValue()));
            if (!inTarget || !inSource) {
                all = false;
                continue;
            }
            ColumnInfo a = target.column(pair.getKey()).orElseThrow();
            ColumnInfo b = source.column(pair.getValue()).orElseThrow();
            if (!TypeNames.comparable(a.type(), b.type())) {
                problems.add(new JoinTypeMismatch(at, target.ref(), a.name(), a.type(), source.ref(), b.name(), b.type()));
            }
        }
        List<String> sourceColumns = List.copyOf(from.on().values());
        if (all && !source.hasUniqueKeyWithin(sourceColumns)) {
            problems.add(new JoinSourceNotUnique(path + ".on", source.ref(), sourceColumns));
        }
    }

    // --- shared by the step simulations ---

    @Override
    public CatalogSnapshot catalog() {
        return catalog;
    }

    @Override
    public Playbook playbook() {
        return playbook;
    }

    @Override
    public VirtualSchema schema() {
        return schema;
    }

    @Override
    public Optional<ColumnInfo> liveColumn(TableRef table, String column) {
        return catalog.table(table).flatMap(t -> t.column(column));
    }

    /** The table, or empty after reporting it unknown. */
    @Override
    public Optional<VirtualTable> requireTable(String path, TableRef ref) {
        Optional<VirtualTable> table = schema.table(ref);
        if (table.isEmpty()) {
            problems.add(new UnknownTable(path, ref));
        }
        return table;
    }

    /** Whether all columns exist; reports each one that does not. */
    @Override
    public boolean requireColumns(String path, VirtualTable table, List<String> columns) {
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
    @Override
    public void checkForeignKey(String path, VirtualTable from, List<String> columns, VirtualTable to, List<String> targets) {
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

    @Override
    public void conflict(String path, String subject, String existing, String wanted) {
        problems.add(new ConflictingDefinition(path, subject, existing, wanted));
    }

    @Override
    public void markPresentIf(String path, boolean live) {
        if (live) {
            present.add(path);
        }
    }

    @Override
    public void problem(PlanProblem problem) {
        problems.add(problem);
    }
}
