package io.pgshift.catalog;

import io.pgshift.playbook.Playbook;

/**
 * Checks a playbook against the live catalog before anything runs: every table and column it
 * names exists (or is created by an earlier step), every name it creates is free or already
 * holds exactly what the playbook wants, foreign keys fit their targets and every backfill has
 * a key to walk. Pure: it reads only the snapshot it is given.
 */
public final class PlanValidator {
    private final StepSimulator steps;

    /** {@code steps}: replays each expand and contract step (the operation registry). */
    public PlanValidator(StepSimulator steps) {
        this.steps = steps;
    }

    public ValidationResult validate(Playbook playbook, CatalogSnapshot catalog) {
        return new Simulation(catalog).run(playbook, steps);
    }

    /** {@link #validate}, throwing {@link PlanRejectedException} when the playbook does not fit. */
    public ValidationResult validateOrThrow(Playbook playbook, CatalogSnapshot catalog) {
        return validate(playbook, catalog).orThrow();
    }
}
