package io.pgshift.operation;

import io.pgshift.catalog.Dependent;
import io.pgshift.catalog.PlanProblem;
import io.pgshift.catalog.SimulationScope;
import io.pgshift.catalog.VirtualTable;
import io.pgshift.playbook.TableRef;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * What the drop operations share in the simulation. A drop whose object is missing at its point
 * of the playbook is either already done (gone from the live catalog too: present, skipped, as a
 * re-run after a crash finds it) or dropped by an earlier step (a problem). A drop that anything
 * depends on is refused, listing each dependent: pgshift never drops with CASCADE.
 */
final class DropSimulation {
    private DropSimulation() {
    }

    /** The table a drop works on; empty after reporting it unknown, or dropped by an earlier step. */
    static Optional<VirtualTable> requireTable(SimulationScope sim, String path, TableRef ref) {
        if (sim.schema().table(ref).isEmpty() && sim.catalog().table(ref).isPresent()) {
            sim.problem(new PlanProblem.DroppedEarlier(path, table(ref)));
            return Optional.empty();
        }
        return sim.requireTable(path, ref);
    }

    /** Missing from the virtual schema: present when the live catalog lacks it too, else dropped earlier. */
    static void missing(SimulationScope sim, String path, String subject, boolean live) {
        if (live) {
            sim.problem(new PlanProblem.DroppedEarlier(path, subject));
        } else {
            sim.markPresentIf(path, true);
        }
    }

    /** Reports the dependents, if any; true when the drop may go ahead. */
    static boolean free(SimulationScope sim, String path, String subject, List<Dependent> dependents) {
        return free(sim, path, subject, List.of(), dependents);
    }

    /** As {@link #free(SimulationScope, String, String, List)}, with dependents the catalog does not record first. */
    static boolean free(SimulationScope sim, String path, String subject, List<String> others,
                        List<Dependent> dependents) {
        var described = new LinkedHashSet<>(others);
        dependents.forEach(d -> described.add(d.describe()));
        if (described.isEmpty()) {
            return true;
        }
        sim.problem(new PlanProblem.DropBlockedByDependents(path, subject, List.copyOf(described)));
        return false;
    }

    static String column(TableRef table, String column) {
        return "column " + PlanProblem.quote(column) + " of table " + PlanProblem.quote(table);
    }

    static String table(TableRef table) {
        return "table " + PlanProblem.quote(table);
    }

    static String index(TableRef index) {
        return "index " + PlanProblem.quote(index);
    }

    static String constraint(TableRef table, String constraint) {
        return "constraint " + PlanProblem.quote(constraint) + " of table " + PlanProblem.quote(table);
    }
}
