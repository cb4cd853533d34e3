package io.pgshift.catalog;

import io.pgshift.catalog.Dependent.Kind;
import io.pgshift.catalog.Dependent.Part;
import io.pgshift.playbook.TableRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The schema the playbook's steps see while it is simulated: the snapshot's tables and enum
 * types, plus what earlier steps created, minus what they dropped. Relation names are tracked per
 * schema, since tables and indexes share them. The live dependents stay until a step drops them
 * (a drop_index before a drop_column of its column frees the column).
 */
public final class VirtualSchema {
    private final Map<TableRef, VirtualTable> tables = new HashMap<>();
    private final Map<TableRef, Character> relations = new HashMap<>();
    /** Index name (in its table's schema) to the table it belongs to, when known. */
    private final Map<TableRef, TableRef> indexOwners = new HashMap<>();
    /** The labels of the enum types read, as earlier steps leave them. */
    private final Map<TableRef, List<String>> enumTypes = new HashMap<>();
    private final List<Dependent> dependents = new ArrayList<>();

    VirtualSchema(CatalogSnapshot catalog) {
        relations.putAll(catalog.relations());
        dependents.addAll(catalog.dependents());
        catalog.tables().forEach((ref, info) -> {
            tables.put(ref, VirtualTable.of(ref, info));
            relations.putIfAbsent(ref, 'r');
            info.indexes().forEach(i -> registerIndex(ref, i.name()));
        });
        catalog.enumTypes().forEach((type, labels) -> enumTypes.put(type, new ArrayList<>(labels)));
    }

    public Optional<VirtualTable> table(TableRef ref) {
        return Optional.ofNullable(tables.get(ref));
    }

    public Optional<Character> relationKind(TableRef name) {
        return Optional.ofNullable(relations.get(name));
    }

    /** The table an index of that name belongs to; empty when the name is free or its owner was not read. */
    public Optional<TableRef> indexOwner(TableRef indexName) {
        return Optional.ofNullable(indexOwners.get(indexName));
    }

    /** The labels of an enum type, in order; empty when no enum type of that name exists. */
    public Optional<List<String>> enumLabels(TableRef type) {
        return Optional.ofNullable(enumTypes.get(type)).map(List::copyOf);
    }

    /**
     * Adds {@code label} to an enum type that exists, before or after {@code neighbour} (a label
     * it has), or at the end when {@code neighbour} is null; a label it already has stays where it is.
     */
    public void addEnumLabel(TableRef type, String label, String neighbour, boolean before) {
        List<String> labels = enumTypes.get(type);
        if (labels == null || labels.contains(label)) {
            return;
        }
        int at = neighbour == null ? labels.size() : labels.indexOf(neighbour) + (before ? 0 : 1);
        labels.add(Math.max(0, at), label);
    }

    public VirtualTable createTable(TableRef ref) {
        VirtualTable table = VirtualTable.empty(ref);
        tables.put(ref, table);
        relations.put(ref, 'r');
        return table;
    }

    /** The table {@code from} takes the name {@code to}; {@code from} becomes a view of it (rename_table). */
    public VirtualTable renameTable(TableRef from, TableRef to) {
        VirtualTable table = VirtualTable.of(to, tables.remove(from).toInfo());
        tables.put(to, table);
        relations.put(to, 'r');
        relations.put(from, 'v');
        return table;
    }

    public void registerIndex(TableRef table, String indexName) {
        TableRef name = new TableRef(table.schema(), indexName);
        relations.put(name, 'i');
        indexOwners.put(name, table);
    }

    /** What still depends on a part of {@code table} ({@code name}: the column, index or constraint; null for the table). */
    public List<Dependent> dependents(TableRef table, Part part, String name) {
        return dependents.stream().filter(d -> d.table().equals(table) && d.part() == part
                && (name == null || name.equals(d.partName()))).toList();
    }

    /** What belongs to another relation (or to none) and depends on any part of {@code table}. */
    public List<Dependent> outsideDependents(TableRef table) {
        return dependents.stream().filter(d -> d.table().equals(table) && !d.ownedByTable()).toList();
    }

    /** The table, its index names, and what depended on it or belonged to it. */
    public void dropTable(TableRef ref) {
        tables.remove(ref);
        relations.remove(ref);
        List<TableRef> indexes = indexOwners.entrySet().stream().filter(e -> e.getValue().equals(ref))
                .map(Map.Entry::getKey).toList();
        indexes.forEach(i -> {
            indexOwners.remove(i);
            relations.remove(i);
        });
        forget(d -> d.table().equals(ref) || ref.equals(d.owner()));
    }

    /** The column, and what depended on it (the drop was refused if anything did) or was it (a generated column). */
    public void dropColumn(VirtualTable table, String column) {
        table.removeColumn(column);
        forget(d -> d.table().equals(table.ref()) && d.part() == Part.COLUMN && column.equals(d.partName())
                || d.is(Kind.GENERATED_COLUMN, table.ref(), column) || d.is(Kind.DEFAULT, table.ref(), column));
    }

    /** The index, its name, and what depended on it. */
    public void dropIndex(VirtualTable table, String index) {
        table.removeIndex(index);
        TableRef name = new TableRef(table.ref().schema(), index);
        relations.remove(name);
        indexOwners.remove(name);
        forget(d -> d.table().equals(table.ref()) && d.part() == Part.INDEX && index.equals(d.partName())
                || d.is(Kind.INDEX, table.ref(), index));
    }

    /** A primary key, unique or exclusion constraint takes its index (of the same name) with it. */
    public void dropConstraint(VirtualTable table, String constraint) {
        Optional<ConstraintInfo> dropped = table.constraint(constraint);
        table.removeConstraint(constraint);
        if (dropped.isPresent() && "pux".indexOf(dropped.get().type()) >= 0) {
            dropIndex(table, constraint);
        }
        forget(d -> d.table().equals(table.ref()) && d.part() == Part.CONSTRAINT && constraint.equals(d.partName())
                || d.is(Kind.CONSTRAINT, table.ref(), constraint) || d.is(Kind.FOREIGN_KEY, table.ref(), constraint));
    }

    private void forget(Predicate<Dependent> gone) {
        dependents.removeIf(gone);
    }

    public static String kindName(char relkind) {
        return switch (relkind) {
            case 'r' -> "a table";
            case 'p' -> "a partitioned table";
            case 'i' -> "an index";
            case 'I' -> "a partitioned index";
            case 'v' -> "a view";
            case 'm' -> "a materialized view";
            case 'S' -> "a sequence";
            case 'f' -> "a foreign table";
            case 'c' -> "a composite type";
            default -> "a relation of kind '" + relkind + "'";
        };
    }
}
