package io.pgshift.catalog;

import java.util.List;
import java.util.Set;

/**
 * What the validator found: the problems (empty when the playbook fits) and the step paths
 * ({@code expand[0].add_column}, {@code contract[1].set_not_null}) whose effect is already in
 * the database (or, for a set_not_null, made certain by an earlier step that creates the column
 * NOT NULL), so the planner can mark them done instead of running them again.
 */
public record ValidationResult(List<PlanProblem> problems, Set<String> presentPaths) {
    public ValidationResult {
        problems = List.copyOf(problems);
        presentPaths = Set.copyOf(presentPaths);
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    /** Throws {@link PlanRejectedException} when there are problems; returns this otherwise. */
    public ValidationResult orThrow() {
        if (!problems.isEmpty()) {
            throw new PlanRejectedException(problems);
        }
        return this;
    }
}
