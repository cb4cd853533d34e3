package io.pgshift.catalog;

import io.pgshift.playbook.TableRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the planner knows of the live database, read once, in one snapshot.
 * {@code relations} holds the pg_class.relkind of the names that were asked about (the tables
 * read and the names the playbook creates or drops); a name absent from it is free. {@code enumTypes}
 * holds the labels, in their order, of the enum types the playbook names that exist.
 * {@code dependents} holds what depends on the parts of the tables read (what a drop would break);
 * {@code inboundKeys} the foreign keys of any table that reference them (read with the dependents).
 */
public record CatalogSnapshot(String database, String serverVersion, int serverVersionNum,
                              Map<TableRef, TableInfo> tables, Map<TableRef, Character> relations,
                              Map<TableRef, List<String>> enumTypes, List<Dependent> dependents,
                              List<InboundKey> inboundKeys) {
    public CatalogSnapshot {
        tables = Map.copyOf(tables);
        relations = Map.copyOf(relations);
        Map<TableRef, List<String>> labels = new java.util.HashMap<>();
        enumTypes.forEach((type, l) -> labels.put(type, List.copyOf(l)));
        enumTypes = Map.copyOf(labels);
        dependents = List.copyOf(dependents);
        inboundKeys = List.copyOf(inboundKeys);
    }

    /** A snapshot that read no foreign key referencing its tables. */
    public CatalogSnapshot(String database, String serverVersion, int serverVersionNum, Map<TableRef, TableInfo> tables,
                           Map<TableRef, Character> relations, Map<TableRef, List<String>> enumTypes,
                           List<Dependent> dependents) {
        this(database, serverVersion, serverVersionNum, tables, relations, enumTypes, dependents, List.of());
    }

    /** A snapshot that read no enum type and no dependent. */
    public CatalogSnapshot(String database, String serverVersion, int serverVersionNum, Map<TableRef, TableInfo> tables,
                           Map<TableRef, Character> relations) {
        this(database, serverVersion, serverVersionNum, tables, relations, Map.of(), List.of());
    }

    /** A snapshot that knows nothing about relation names beyond its tables. */
    public CatalogSnapshot(String database, String serverVersion, int serverVersionNum, Map<TableRef, TableInfo> tables) {
        this(database, serverVersion, serverVersionNum, tables, Map.of());
    }

    /** The foreign keys that reference {@code column} of {@code table} (any position of a multi-column key). */
    public List<InboundKey> inboundKeys(TableRef table, String column) {
        return inboundKeys.stream().filter(k -> k.referenced().equals(table) && k.referencedColumns().contains(column))
                .toList();
    }

    public Optional<TableInfo> table(TableRef ref) {
        return Optional.ofNullable(tables.get(ref));
    }

    /** The relkind ('r' table, 'p' partitioned table, 'i' index, 'v' view, 'S' sequence, ...) using that name. */
    public Optional<Character> relationKind(TableRef name) {
        return Optional.ofNullable(relations.get(name));
    }

    /** The labels of an enum type in their sort order; empty when no enum type of that name exists (or was read). */
    public Optional<List<String>> enumLabels(TableRef type) {
        return Optional.ofNullable(enumTypes.get(type));
    }
}
