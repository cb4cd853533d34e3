package io.pgshift.operation;

import io.pgshift.catalog.IndexInfo;
import io.pgshift.catalog.PlanProblem;
import io.pgshift.catalog.SimulationScope;
import io.pgshift.catalog.VirtualSchema;
import io.pgshift.catalog.VirtualTable;
import io.pgshift.playbook.CreateIndex;
import io.pgshift.playbook.TableRef;
import java.util.Locale;
import java.util.Optional;

/** {@code create_index} over the virtual schema: the index name must be free or hold this very index. */
final class IndexSimulation {
    private IndexSimulation() {
    }

    static void createOn(SimulationScope sim, String path, VirtualTable table, CreateIndex create) {
        String name = CreateIndexOperation.indexName(create);
        IndexInfo wanted = planned(name, create);
        Optional<IndexInfo> existing = table.index(name);
        if (existing.isPresent() && existing.get().valid()) {
            if (sameShape(existing.get(), wanted)) {
                sim.markPresentIf(path, sim.catalog().table(create.table()).flatMap(t -> t.index(name))
                        .filter(i -> i.valid() && sameShape(i, wanted)).isPresent());
            } else {
                sim.conflict(path, "index " + PlanProblem.quote(name), describe(existing.get(), table.ref()),
                        describe(wanted, table.ref()));
            }
            return;
        }
        // An INVALID index of that name is left by a failed CONCURRENTLY build: the engine drops and rebuilds it.
        TableRef relation = new TableRef(create.table().schema(), name);
        Optional<Character> kind = sim.schema().relationKind(relation);
        if (existing.isEmpty() && kind.isPresent()) {
            String holder = kind.get() == 'i' || kind.get() == 'I'
                    ? "an index on " + sim.schema().indexOwner(relation).map(PlanProblem::quote).orElse("another table")
                    : VirtualSchema.kindName(kind.get());
            sim.conflict(path, "relation " + PlanProblem.quote(relation), holder, describe(wanted, table.ref()));
            return;
        }
        table.putIndex(wanted);
        sim.schema().registerIndex(create.table(), name);
    }

    private static IndexInfo planned(String name, CreateIndex create) {
        String method = create.using() == null ? "btree" : create.using().toLowerCase(Locale.ROOT);
        String definition = "CREATE " + (create.unique() ? "UNIQUE " : "") + "INDEX " + name + " ON "
                + create.table().display() + " USING " + method + " (" + String.join(", ", create.columns()) + ")"
                + (create.where() == null ? "" : " WHERE " + create.where());
        return new IndexInfo(name, create.columns(), create.unique(), false, true, create.where() != null, definition);
    }

    /** Same columns in the same order, uniqueness, method and partial-ness (predicates are not compared). */
    static boolean sameShape(IndexInfo a, IndexInfo b) {
        return a.columns().equals(b.columns()) && a.unique() == b.unique() && a.primary() == b.primary()
                && a.partial() == b.partial() && a.method().equals(b.method());
    }

    static String describe(IndexInfo index, TableRef table) {
        return "a " + (index.primary() ? "primary key " : index.unique() ? "unique " : "")
                + (index.partial() ? "partial " : "") + index.method() + " index on " + PlanProblem.quote(table)
                + " (" + PlanProblem.quoteAll(index.columns()) + ")";
    }
}
