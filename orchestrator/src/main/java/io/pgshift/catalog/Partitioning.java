package io.pgshift.catalog;

import io.pgshift.playbook.TableRef;
import java.util.ArrayList;
import java.util.List;

/**
 * How a partitioned table (relkind 'p') is split, as read in the catalog's snapshot: its key and
 * its partitions, each read like a table (a sub-partitioned partition holds its own
 * partitioning). {@link #NONE} for a plain table.
 *
 * @param keyDefinition     pg_get_partkeydef(), e.g. {@code LIST (region)}; null for a plain table
 * @param keyColumns        the key's plain columns, in order
 * @param keyHasExpressions whether part of the key is an expression (no unique index can cover it)
 * @param partitions        the partitions that are tables (plain or partitioned), by schema and name
 * @param foreignPartitions partitions that are foreign tables: PostgreSQL cannot index them
 */
public record Partitioning(String keyDefinition, List<String> keyColumns, boolean keyHasExpressions,
                           List<TableInfo> partitions, List<TableRef> foreignPartitions) {
    public static final Partitioning NONE = new Partitioning(null, List.of(), false, List.of(), List.of());

    public Partitioning {
        keyColumns = List.copyOf(keyColumns);
        partitions = List.copyOf(partitions);
        foreignPartitions = List.copyOf(foreignPartitions);
    }

    public boolean partitioned() {
        return keyDefinition != null;
    }

    /** The partitions that hold rows (no sub-partitions of their own), at any depth. */
    public List<TableInfo> leaves() {
        List<TableInfo> leaves = new ArrayList<>();
        for (TableInfo p : partitions) {
            if (p.partitioning().partitioned()) {
                leaves.addAll(p.partitioning().leaves());
            } else {
                leaves.add(p);
            }
        }
        return leaves;
    }
}
