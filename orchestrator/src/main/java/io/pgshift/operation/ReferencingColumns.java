package io.pgshift.operation;

import io.pgshift.catalog.CatalogSnapshot;
import io.pgshift.catalog.InboundKey;
import io.pgshift.catalog.PlanProblem;
import io.pgshift.catalog.TypeNames;
import io.pgshift.playbook.AlterColumnType;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.TableRef;
import java.util.ArrayList;
import java.util.List;

/**
 * The columns of foreign keys that reference a column whose type alter_column_type changes, and
 * that must change with it: an {@code integer} referencing a key widened to {@code bigint} could
 * not hold the keys past 2^31 the widening is for, and a type with no cross-type equality (text
 * referencing a key turned into uuid) would make the swap's re-added foreign key fail. A
 * referencing column already of the new type, or changed to it by an alter_column_type of the
 * same playbook, is fine; the swaps then run in the playbook's order, either order working
 * (the foreign key is re-added NOT VALID and validated after each).
 */
final class ReferencingColumns {
    private ReferencingColumns() {
    }

    /** One referencing column left at another type. */
    record Unwidened(InboundKey key, String column, String type, AlterColumnType step) {
        String message() {
            return "column " + PlanProblem.quote(column) + " (" + type + ") of " + PlanProblem.quote(key.table())
                    + " references " + PlanProblem.quote(step.table()) + "(" + step.column() + ") through "
                    + PlanProblem.quote(key.name()) + ", and would stay " + type + " while the key becomes "
                    + step.type();
        }

        String hint() {
            return "change it in the same playbook: add \"- alter_column_type: {table: " + key.table().display()
                    + ", column: " + column + ", type: " + step.type() + "}\" under expand";
        }
    }

    static List<Unwidened> unwidened(CatalogSnapshot catalog, Playbook playbook, AlterColumnType step) {
        List<Unwidened> out = new ArrayList<>();
        for (InboundKey key : catalog.inboundKeys(step.table(), step.column())) {
            for (int i = 0; i < key.referencedColumns().size(); i++) {
                if (!key.referencedColumns().get(i).equals(step.column())) {
                    continue;
                }
                String column = key.columns().get(i);
                String type = key.types().get(i);
                if (!TypeNames.same(type, step.type()) && !changedTo(playbook, key.table(), column, step.type())) {
                    out.add(new Unwidened(key, column, type, step));
                }
            }
        }
        return out;
    }

    private static boolean changedTo(Playbook playbook, TableRef table, String column, String type) {
        return playbook.expand().stream().anyMatch(s -> s instanceof AlterColumnType a && a.table().equals(table)
                && a.column().equals(column) && TypeNames.same(a.type(), type));
    }
}
