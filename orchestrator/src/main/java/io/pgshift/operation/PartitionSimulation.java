package io.pgshift.operation;

import io.pgshift.catalog.ConstraintInfo;
import io.pgshift.catalog.IndexInfo;
import io.pgshift.catalog.Partitioning;
import io.pgshift.catalog.PlanProblem;
import io.pgshift.catalog.SimulationScope;
import io.pgshift.catalog.TableInfo;
import io.pgshift.playbook.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a step on a partitioned table must satisfy at plan time, judged on the partitions the live
 * catalog shows (a table the playbook creates is never partitioned). Plain tables pass every check.
 */
final class PartitionSimulation {
    private PartitionSimulation() {
    }

    /**
     * Refuses a partitioned table with a foreign-table partition, at any level: PostgreSQL cannot
     * index one, nor validate a constraint on one. {@code what} says what the step adds.
     */
    static boolean supported(SimulationScope sim, String path, TableRef table, String what) {
        List<TableRef> foreign = new ArrayList<>();
        live(sim, table).ifPresent(t -> collectForeign(t.partitioning(), foreign));
        if (foreign.isEmpty()) {
            return true;
        }
        sim.problem(new PlanProblem.Unsupported(path + ".table", "partitioned table " + PlanProblem.quote(table)
                + " has foreign-table partitions (" + PlanProblem.quoteAll(foreign.stream().map(TableRef::display).toList())
                + "): pgshift adds " + what + " partition by partition, and PostgreSQL cannot on a foreign table",
                "detach the foreign partitions first, or make the change by hand"));
        return false;
    }

    /**
     * Refuses unique columns that leave out part of the partition key, at every level of the tree
     * (a sub-partitioned partition's key too): PostgreSQL checks uniqueness within each partition only.
     */
    static boolean coversKey(SimulationScope sim, String path, TableRef table, List<String> columns) {
        return live(sim, table).map(t -> coversKey(sim, path, t, columns)).orElse(true);
    }

    private static boolean coversKey(SimulationScope sim, String path, TableInfo t, List<String> columns) {
        Partitioning p = t.partitioning();
        if (!p.partitioned()) {
            return true;
        }
        TableRef ref = new TableRef(t.schema(), t.name());
        if (p.keyHasExpressions()) {
            sim.problem(new PlanProblem.Unsupported(path + ".columns", "partitioned table " + PlanProblem.quote(ref)
                    + " is partitioned by an expression (" + p.keyDefinition() + "): PostgreSQL cannot make a unique"
                    + " index on it", "enforce the uniqueness another way (a unique index on each partition)"));
            return false;
        }
        List<String> missing = p.keyColumns().stream().filter(k -> !columns.contains(k)).toList();
        if (!missing.isEmpty()) {
            sim.problem(new PlanProblem.PartitionKeyNotCovered(path + ".columns", ref, p.keyDefinition(), missing));
            return false;
        }
        boolean covered = true;
        for (TableInfo partition : p.partitions()) {
            covered &= coversKey(sim, path, partition, columns);
        }
        return covered;
    }

    /**
     * The names the step gives each partition's index (and, for a constraint, its constraint) must
     * be free on that partition or already hold the same thing: it is then adopted, not rebuilt.
     */
    static void partitionIndexes(SimulationScope sim, String path, TableRef table, PartitionedIndex.Shape shape) {
        live(sim, table).ifPresent(t -> t.partitioning().partitions().forEach(p -> partitionIndexes(sim, path, p, shape)));
    }

    private static void partitionIndexes(SimulationScope sim, String path, TableInfo partition, PartitionedIndex.Shape shape) {
        TableRef ref = new TableRef(partition.schema(), partition.name());
        String name = shape.nameOn(ref);
        Optional<IndexInfo> index = partition.index(name);
        if (index.isPresent() && !(index.get().columns().equals(shape.columns()) && index.get().unique() == shape.unique()
                && index.get().method().equals(shape.method()) && !index.get().primary())) {
            sim.conflict(path, "index " + PlanProblem.quote(name) + " of partition " + PlanProblem.quote(ref),
                    IndexSimulation.describe(index.get(), ref), "the partition's part of the step's index");
        }
        Optional<ConstraintInfo> constraint = partition.constraint(name);
        if (shape.constraint() && constraint.isPresent()
                && !(constraint.get().type() == 'u' && constraint.get().columns().equals(shape.columns()))) {
            sim.conflict(path, "constraint " + PlanProblem.quote(name) + " of partition " + PlanProblem.quote(ref),
                    constraint.get().definition(), "the partition's part of the step's unique constraint");
        }
        partition.partitioning().partitions().forEach(p -> partitionIndexes(sim, path, p, shape));
    }

    private static Optional<TableInfo> live(SimulationScope sim, TableRef table) {
        return sim.catalog().table(table);
    }

    private static void collectForeign(Partitioning p, List<TableRef> into) {
        into.addAll(p.foreignPartitions());
        p.partitions().forEach(t -> collectForeign(t.partitioning(), into));
    }
}
