package io.pgshift.catalog;

import java.util.List;
import java.util.Optional;

/**
 * A live table with what the planner needs of it. {@code estimatedRows} is pg_class.reltuples (-1 if
 * never analysed); {@code partitioning} is {@link Partitioning#NONE} unless the table is partitioned.
 */
public record TableInfo(String schema, String name, long estimatedRows, long sizeBytes, List<ColumnInfo> columns,
                        List<IndexInfo> indexes, List<ConstraintInfo> constraints, List<String> triggers,
                        Partitioning partitioning) {
    public TableInfo {
        columns = List.copyOf(columns);
        indexes = List.copyOf(indexes);
        constraints = List.copyOf(constraints);
        triggers = List.copyOf(triggers);
        partitioning = partitioning == null ? Partitioning.NONE : partitioning;
    }

    /** A table that is not partitioned. */
    public TableInfo(String schema, String name, long estimatedRows, long sizeBytes, List<ColumnInfo> columns,
                     List<IndexInfo> indexes, List<ConstraintInfo> constraints, List<String> triggers) {
        this(schema, name, estimatedRows, sizeBytes, columns, indexes, constraints, triggers, Partitioning.NONE);
    }

    public boolean partitioned() {
        return partitioning.partitioned();
    }

    /**
     * The rows to expect: for a partitioned table the sum over its leaf partitions (autovacuum
     * never analyses the parent itself, so its own estimate is usually missing or stale), -1 when
     * none of them was ever analysed.
     */
    public long rowEstimate() {
        if (!partitioned()) {
            return estimatedRows;
        }
        List<TableInfo> leaves = partitioning.leaves();
        if (!leaves.isEmpty() && leaves.stream().allMatch(t -> t.estimatedRows() < 0)) {
            return -1;
        }
        return leaves.stream().mapToLong(t -> Math.max(0, t.estimatedRows())).sum();
    }

    public Optional<ColumnInfo> column(String column) {
        return columns.stream().filter(c -> c.name().equals(column)).findFirst();
    }

    public Optional<IndexInfo> index(String index) {
        return indexes.stream().filter(i -> i.name().equals(index)).findFirst();
    }

    public Optional<ConstraintInfo> constraint(String constraint) {
        return constraints.stream().filter(c -> c.name().equals(constraint)).findFirst();
    }

    /**
     * The key a backfill walks: the primary key, else the first valid unique, non-partial index
     * whose columns are all NOT NULL. Empty when the table has none (it cannot be batched safely).
     */
    public Optional<IndexInfo> batchKey() {
        Optional<IndexInfo> pk = indexes.stream().filter(i -> i.primary() && i.valid()).findFirst();
        if (pk.isPresent()) {
            return pk;
        }
        return indexes.stream()
                .filter(i -> i.unique() && i.valid() && !i.partial() && !i.columns().isEmpty())
                .filter(i -> i.columns().stream().allMatch(c -> column(c).map(ColumnInfo::notNull).orElse(false)))
                .findFirst();
    }
}
