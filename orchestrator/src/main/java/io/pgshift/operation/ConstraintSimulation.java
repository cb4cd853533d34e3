package io.pgshift.operation;

import io.pgshift.catalog.ConstraintInfo;
import io.pgshift.catalog.PlanProblem;
import io.pgshift.catalog.SimulationScope;
import io.pgshift.catalog.VirtualTable;
import java.util.Optional;
import java.util.function.Predicate;

/** What the constraint operations share in the simulation: a constraint counts as present only once validated. */
final class ConstraintSimulation {
    private ConstraintSimulation() {
    }

    /**
     * Whether a constraint of the wanted name exists already: if it has the wanted type and
     * {@code sameAs} accepts it, the step is present when the live one is validated; otherwise
     * it is reported as a conflict. Returns true when the name is taken either way.
     */
    static boolean existing(SimulationScope sim, String path, VirtualTable table, ConstraintInfo wanted,
                            Predicate<ConstraintInfo> sameAs) {
        Optional<ConstraintInfo> existing = table.constraint(wanted.name());
        if (existing.isEmpty()) {
            return false;
        }
        if (existing.get().type() == wanted.type() && sameAs.test(existing.get())) {
            sim.markPresentIf(path, sim.catalog().table(table.ref()).flatMap(t -> t.constraint(wanted.name()))
                    .filter(c -> c.type() == wanted.type() && c.validated() && sameAs.test(c)).isPresent());
        } else {
            sim.conflict(path, "constraint " + PlanProblem.quote(wanted.name()) + " of table "
                    + PlanProblem.quote(table.ref()), existing.get().definition(), wanted.definition());
        }
        return true;
    }
}
