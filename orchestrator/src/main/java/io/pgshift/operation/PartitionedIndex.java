package io.pgshift.operation;

import io.pgshift.plan.LockMode;
import io.pgshift.plan.Statement;
import io.pgshift.playbook.Names;
import io.pgshift.playbook.Quoting;
import io.pgshift.playbook.TableRef;
import java.util.ArrayList;
import java.util.List;

/**
 * An index on a partitioned table with nothing built under a lock. PostgreSQL refuses
 * {@code CREATE INDEX CONCURRENTLY} on a partitioned table, and a plain {@code CREATE INDEX} on it
 * builds every partition's index under SHARE (writes wait for the whole build). Instead the
 * parent's index is created {@code ON ONLY} the parent (catalog only: it starts INVALID), each
 * leaf's index is built CONCURRENTLY and attached to its parent's, and a partitioned index turns
 * valid by itself once every partition's is attached. A sub-partitioned partition gets its own
 * {@code ON ONLY} index, attached once its partitions' are.
 *
 * <p>A unique constraint goes the same way (pg_dump's own order): {@code ALTER TABLE ONLY parent
 * ADD CONSTRAINT ... UNIQUE} (an INVALID index on the parent alone), and each leaf's index becomes
 * that leaf's constraint ({@code USING INDEX}) before it is attached: PostgreSQL attaches only a
 * constraint's index to a constraint's index. {@code ALTER TABLE parent ADD CONSTRAINT ... UNIQUE}
 * at the end would also adopt the leaves' constraints without building, but in one transaction
 * holding ACCESS EXCLUSIVE on the parent and SHARE on every partition at once, and it would build
 * (under those locks) the index of a partition created after planning; attaching never builds.
 *
 * <p>Undo: a partitioned index cannot be dropped CONCURRENTLY, nor an attached one alone, so the
 * parent's goes with {@code DROP INDEX} (ACCESS EXCLUSIVE on the parent and every partition, for a
 * catalog change only); then each partition's that was not attached yet, concurrently.
 */
final class PartitionedIndex {
    /**
     * What is built on every table of the tree.
     *
     * @param method     the access method: btree, gin, ...
     * @param where      the partial index's predicate, or null
     * @param constraint whether the index backs a unique constraint (add_unique)
     */
    record Shape(boolean unique, String method, List<String> columns, String where, boolean constraint) {
        Shape {
            columns = List.copyOf(columns);
        }

        /** The name a partition's index gets: PostgreSQL's own pattern on the partition's name. */
        String nameOn(TableRef partition) {
            return Names.generated(partition, columns, constraint ? "key" : "idx");
        }

        /** What follows {@code ON table}: the method, the columns and the predicate. */
        String definition() {
            return (method.equals("btree") ? "" : " USING " + method) + " (" + Quoting.idents(columns) + ")"
                    + (where == null ? "" : " WHERE " + where);
        }
    }

    private PartitionedIndex() {
    }

    /** The statements that build {@code name} on the partitioned {@code tree}, its partitions' first then attached. */
    static List<Statement> create(PartitionTree tree, String name, Shape shape) {
        TableRef index = new TableRef(tree.table().schema(), name);
        List<Statement> out = new ArrayList<>(onOnly(tree.table(), name, shape));
        for (PartitionTree p : tree.partitions()) {
            out.addAll(partition(p, index, shape));
        }
        return out;
    }

    private static List<Statement> partition(PartitionTree p, TableRef parentIndex, Shape shape) {
        String name = shape.nameOn(p.table());
        TableRef index = new TableRef(p.table().schema(), name);
        String attached = Guards.indexAttached(index, parentIndex);
        List<Statement> out = new ArrayList<>();
        if (p.partitioned()) {
            out.addAll(onOnly(p.table(), name, shape).stream().map(s -> Statements.skippedIf(s, attached)).toList());
            for (PartitionTree child : p.partitions()) {
                out.addAll(partition(child, index, shape));
            }
        } else {
            out.add(Statements.dropInvalidIndex(p.table(), name));
            out.add(Statements.buildIndexConcurrently("CREATE " + (shape.unique() ? "UNIQUE " : "")
                    + "INDEX CONCURRENTLY IF NOT EXISTS " + Quoting.ident(name) + " ON " + p.table().sql() + shape.definition(),
                    p.table(), attached));
            if (shape.constraint()) {
                out.add(Statements.metadata("ALTER TABLE " + p.table().sql() + " ADD CONSTRAINT " + Quoting.ident(name)
                                + " UNIQUE USING INDEX " + Quoting.ident(name), p.table(), LockMode.ACCESS_EXCLUSIVE,
                        Guards.constraintExists(p.table(), name)));
            }
        }
        // ACCESS EXCLUSIVE on the partition's index (SHARE UPDATE EXCLUSIVE on the parent's, ACCESS
        // SHARE on the tables): the partition's reads and writes wait for this instant, since every
        // statement on a table opens all its indexes.
        out.add(Statements.metadata("ALTER INDEX " + parentIndex.sql() + " ATTACH PARTITION " + index.sql(), p.table(),
                LockMode.ACCESS_EXCLUSIVE, attached));
        return out;
    }

    /** The parent's own index, INVALID until its partitions' are attached: catalog only. */
    private static List<Statement> onOnly(TableRef table, String name, Shape shape) {
        if (shape.constraint()) {
            return List.of(Statements.metadata("ALTER TABLE ONLY " + table.sql() + " ADD CONSTRAINT " + Quoting.ident(name)
                    + " UNIQUE (" + Quoting.idents(shape.columns()) + ")", table, LockMode.ACCESS_EXCLUSIVE,
                    Guards.constraintExists(table, name)));
        }
        // SHARE on the parent alone, as any CREATE INDEX: writes through it wait for the catalog change.
        // Guarded, so that a step run again does not queue for that lock to find the index there.
        return List.of(Statements.metadata("CREATE " + (shape.unique() ? "UNIQUE " : "") + "INDEX IF NOT EXISTS "
                + Quoting.ident(name) + " ON ONLY " + table.sql() + shape.definition(), table, LockMode.SHARE,
                Guards.relationExists(new TableRef(table.schema(), name))));
    }

    /** The undo: the parent's index (and every index attached to it), then what was built but not attached yet. */
    static List<Statement> drop(PartitionTree tree, String name, Shape shape) {
        List<Statement> out = new ArrayList<>(dropOn(tree.table(), name, shape));
        for (PartitionTree p : tree.partitions()) {
            out.addAll(p.topDown(t -> dropOn(t, shape.nameOn(t), shape), t -> dropLeaf(t, shape.nameOn(t), shape)));
        }
        return out;
    }

    /** A partitioned index: no CONCURRENTLY, ACCESS EXCLUSIVE on the table and all its partitions, no scan. */
    private static List<Statement> dropOn(TableRef table, String name, Shape shape) {
        if (shape.constraint()) {
            return List.of(Statements.dropConstraint(table, name));
        }
        return List.of(Statements.metadata("DROP INDEX IF EXISTS " + new TableRef(table.schema(), name).sql(), table,
                LockMode.ACCESS_EXCLUSIVE, null));
    }

    private static List<Statement> dropLeaf(TableRef leaf, String name, Shape shape) {
        List<Statement> out = new ArrayList<>();
        if (shape.constraint()) {
            out.add(Statements.dropConstraint(leaf, name));
        }
        out.add(Statements.dropIndex(leaf, name));
        return out;
    }
}
