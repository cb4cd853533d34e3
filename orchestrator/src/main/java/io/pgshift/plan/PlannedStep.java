package io.pgshift.plan;

import java.util.List;

/**
 * One step of a plan: an operation of the playbook (or one pgshift adds, like the sync trigger),
 * its statements in order, and for backfills the estimate.
 *
 * @param path     where it comes from in the playbook ({@code expand[0]}); synthetic steps use the path of their cause
 * @param summary  one line for people: {@code add column users.preferences jsonb}
 * @param present  true when the catalog shows the step's effect already there (it will be skipped)
 * @param backfill target and estimate of BACKFILL steps, else null
 * @param undo     how a rollback undoes the step, decided at planning time
 */
public record PlannedStep(int ordinal, Phase phase, StepKind kind, String path, String summary,
                          List<Statement> statements, boolean present, BackfillDetail backfill, Undo undo) {
    public PlannedStep {
        statements = List.copyOf(statements);
    }

    /** A step with nothing to undo. */
    public PlannedStep(int ordinal, Phase phase, StepKind kind, String path, String summary, List<Statement> statements,
                       boolean present, BackfillDetail backfill) {
        this(ordinal, phase, kind, path, summary, statements, present, backfill, Undo.NONE);
    }
}
