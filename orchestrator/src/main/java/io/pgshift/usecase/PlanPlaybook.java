package io.pgshift.usecase;

import io.pgshift.engine.WindowFit;
import io.pgshift.plan.Plan;
import io.pgshift.planner.DryRun;
import io.pgshift.playbook.Playbook;
import io.pgshift.run.RunPolicy;
import java.sql.Connection;
import java.time.Instant;

/**
 * Validates a playbook against the live catalog and plans it: what {@code pgshift plan}, the API's
 * plan route and every submission do, with the standard wiring of the operation registry,
 * validator and planner ({@link DryRun#standard()}). Reads only, in one read-only snapshot.
 *
 * <p>The run driver re-plans a stored playbook through the same wiring ({@code engine.RunLoader}):
 * the engine sits below the use cases and cannot call them.
 */
public final class PlanPlaybook {
    private final DryRun dryRun;

    public PlanPlaybook() {
        this(DryRun.standard());
    }

    PlanPlaybook(DryRun dryRun) {
        this.dryRun = dryRun;
    }

    /**
     * The plan of {@code playbook} on the catalog {@code catalog} reads.
     *
     * @throws io.pgshift.catalog.PlanRejectedException with every problem the catalog shows
     */
    public Plan plan(Connection catalog, Playbook playbook) {
        return dryRun.plan(playbook, catalog);
    }

    /**
     * As {@link #plan}, then refuses a backfill schedule that never meets {@code policy}'s allowed
     * windows at {@code now}, as a submission to the target would be refused.
     *
     * @throws io.pgshift.catalog.PlanRejectedException with the catalog's problems, or the schedules that never open
     */
    public Plan planWithin(Connection catalog, Playbook playbook, RunPolicy policy, Instant now) {
        Plan plan = plan(catalog, playbook);
        WindowFit.check(playbook, policy, now);
        return plan;
    }
}
