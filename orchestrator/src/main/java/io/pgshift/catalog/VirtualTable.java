package io.pgshift.catalog;

import io.pgshift.playbook.TableRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A table as it will be once the playbook's earlier steps ran: the live one, changed step by step. */
public final class VirtualTable {
    private final TableRef ref;
    private final Map<String, ColumnInfo> columns = new LinkedHashMap<>();
    private final List<IndexInfo> indexes = new ArrayList<>();
    private final List<ConstraintInfo> constraints = new ArrayList<>();

    private VirtualTable(TableRef ref) {
        this.ref = ref;
    }

    static VirtualTable of(TableRef ref, TableInfo live) {
        VirtualTable t = new VirtualTable(ref);
        live.columns().forEach(c -> t.columns.put(c.name(), c));
        t.indexes.addAll(live.indexes());
        t.constraints.addAll(live.constraints());
        return t;
    }

    static VirtualTable empty(TableRef ref) {
        return new VirtualTable(ref);
    }

    public TableRef ref() {
        return ref;
    }

    public Optional<ColumnInfo> column(String name) {
        return Optional.ofNullable(columns.get(name));
    }

    public List<ColumnInfo> columns() {
        return List.copyOf(columns.values());
    }

    public Optional<IndexInfo> index(String name) {
        return indexes.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    public Optional<ConstraintInfo> constraint(String name) {
        return constraints.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public List<ConstraintInfo> constraints() {
        return List.copyOf(constraints);
    }

    public void putColumn(ColumnInfo column) {
        columns.put(column.name(), column);
    }

    public void addColumn(String name, String type, boolean notNull, String defaultExpr) {
        putColumn(new ColumnInfo(name, type, notNull, defaultExpr, columns.size() + 1));
    }

    public void putIndex(IndexInfo index) {
        indexes.removeIf(i -> i.name().equals(index.name()));
        indexes.add(index);
    }

    public void putConstraint(ConstraintInfo constraint) {
        constraints.removeIf(c -> c.name().equals(constraint.name()));
        constraints.add(constraint);
    }

    /**
     * A primary key, unique constraint or valid, non-partial unique index over some of these
     * columns: rows equal on all of them are then equal on a unique key, so there is at most one.
     */
    public boolean hasUniqueKeyWithin(List<String> columns) {
        var within = new HashSet<>(columns);
        boolean byConstraint = constraints.stream()
                .anyMatch(c -> (c.type() == 'p' || c.type() == 'u') && within.containsAll(c.columns()));
        boolean byIndex = indexes.stream()
                .anyMatch(i -> i.unique() && i.valid() && !i.partial() && within.containsAll(i.columns()));
        return byConstraint || byIndex;
    }

    void removeColumn(String name) {
        columns.remove(name);
    }

    void removeIndex(String name) {
        indexes.removeIf(i -> i.name().equals(name));
    }

    void removeConstraint(String name) {
        constraints.removeIf(c -> c.name().equals(name));
    }

    /** A primary key, unique constraint or valid, non-partial unique index over exactly these columns (any order). */
    public boolean hasUniqueKeyOn(List<String> keyColumns) {
        var wanted = new HashSet<>(keyColumns);
        boolean byConstraint = constraints.stream()
                .anyMatch(c -> (c.type() == 'p' || c.type() == 'u') && new HashSet<>(c.columns()).equals(wanted));
        boolean byIndex = indexes.stream()
                .anyMatch(i -> i.unique() && i.valid() && !i.partial() && new HashSet<>(i.columns()).equals(wanted));
        return byConstraint || byIndex;
    }

    /** The table in the model's terms, e.g. to ask for its {@link TableInfo#batchKey()}. */
    public TableInfo toInfo() {
        return new TableInfo(ref.schema(), ref.name(), -1, 0, List.copyOf(columns.values()), indexes, constraints,
                List.of());
    }
}
