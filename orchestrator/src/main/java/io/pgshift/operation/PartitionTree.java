package io.pgshift.operation;

import io.pgshift.catalog.CatalogSnapshot;
import io.pgshift.catalog.TableInfo;
import io.pgshift.plan.Statement;
import io.pgshift.playbook.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A table as planned with its partitions, each with its own when it is sub-partitioned; a plain
 * table is a tree of one. PostgreSQL builds no index CONCURRENTLY on a partitioned table and adds
 * no NOT VALID foreign key to one, so the operations that build or constrain a partitioned table
 * do the long part partition by partition (the leaves hold the rows), then tell each parent,
 * which finds the work done and only records it.
 *
 * @param partitioned whether {@code table} is partitioned (it may have no partition yet)
 */
record PartitionTree(TableRef table, boolean partitioned, List<PartitionTree> partitions) {
    PartitionTree {
        partitions = List.copyOf(partitions);
    }

    /** A table that is not partitioned, or planned without the catalog. */
    static PartitionTree plain(TableRef table) {
        return new PartitionTree(table, false, List.of());
    }

    /** The tree of {@code table} in the live catalog; a plain one when it is not there (created by the playbook). */
    static PartitionTree of(CatalogSnapshot catalog, TableRef table) {
        return catalog.table(table).map(PartitionTree::of).orElse(plain(table));
    }

    static PartitionTree of(TableInfo info) {
        return new PartitionTree(new TableRef(info.schema(), info.name()), info.partitioned(),
                info.partitioning().partitions().stream().map(PartitionTree::of).toList());
    }

    /**
     * Leaves first, each parent once all its partitions are done, this table last: {@code leaf}
     * for the tables that hold rows, {@code parent} for each partitioned one.
     */
    List<Statement> bottomUp(Function<TableRef, List<Statement>> leaf, Function<TableRef, List<Statement>> parent) {
        if (!partitioned) {
            return leaf.apply(table);
        }
        List<Statement> out = new ArrayList<>();
        for (PartitionTree p : partitions) {
            out.addAll(p.bottomUp(leaf, parent));
        }
        out.addAll(parent.apply(table));
        return out;
    }

    /** Each partitioned table before its partitions, this one first: the order an undo goes in. */
    List<Statement> topDown(Function<TableRef, List<Statement>> parent, Function<TableRef, List<Statement>> leaf) {
        if (!partitioned) {
            return leaf.apply(table);
        }
        List<Statement> out = new ArrayList<>(parent.apply(table));
        for (PartitionTree p : partitions) {
            out.addAll(p.topDown(parent, leaf));
        }
        return out;
    }
}
