package io.pgshift.engine;

import io.pgshift.plan.Phase;
import io.pgshift.plan.PlannedStep;
import io.pgshift.plan.StepKind;
import io.pgshift.playbook.AlterColumnType;
import io.pgshift.playbook.RenameColumn;
import io.pgshift.playbook.StepPath;
import io.pgshift.run.RunState;
import io.pgshift.run.StepOutcome;
import io.pgshift.run.StepState;
import io.pgshift.run.StepStore;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The contract phase, entered only after the gate passed: each constraint step in plan order,
 * then the sync triggers are recorded as retained (never dropped here: cleanup drops them once
 * no writer relies on them). The gate step itself is recorded as done by the verify phase; verify
 * steps, which the gate ran, are recorded as they are reached.
 */
final class ContractPhase {
    private final StepRunner stepRunner;
    private final DriverTransitions control;
    private final WindowGuard guard;
    private final SyncTriggers syncTriggers;
    private final StepStore steps;

    ContractPhase(StepRunner stepRunner, DriverTransitions control, WindowGuard guard, SyncTriggers syncTriggers,
                  StepStore steps) {
        this.stepRunner = stepRunner;
        this.control = control;
        this.guard = guard;
        this.syncTriggers = syncTriggers;
        this.steps = steps;
    }

    /** {@code target}: where the sync triggers' fill counters are read. */
    void run(Connection state, Connection target, LoadedRun run) throws SQLException, RunHalted {
        for (PlannedStep step : run.steps(Phase.CONTRACT)) {
            if (step.kind() == StepKind.GATE) {
                continue;
            }
            control.check(state, run.id(), RunState.CONTRACTING);
            if (step.kind() == StepKind.RETAIN_SYNC_TRIGGER) {
                retain(state, target, run, step);
            } else if (step.kind() == StepKind.VERIFY) {
                verified(state, run, step);
            } else {
                boolean done = StepRunner.done(steps.find(state, run.id(), step.ordinal()).orElseThrow());
                stepRunner.run(state, run, step, guard, RunState.CONTRACTING);
                if (!done && step.kind() == StepKind.SWAP_COLUMN
                        && run.playbook().expand().get(StepPath.parse(step.path()).index()) instanceof AlterColumnType alter) {
                    syncTriggers.swapped(state, run, step, alter);
                }
                if (!done && step.kind() == StepKind.PREPARE_RENAME
                        && run.playbook().expand().get(StepPath.parse(step.path()).index()) instanceof RenameColumn rename) {
                    syncTriggers.retainRename(state, target, run, step, rename);
                }
            }
        }
    }

    /**
     * A verify step runs no statement: the gate counted it, and contract starts only after a gate
     * that passed. Recorded SUCCEEDED (not SKIPPED, which means "present before the run"), with no
     * wait for a window since it touches nothing.
     */
    private void verified(Connection state, LoadedRun run, PlannedStep step) throws SQLException {
        if (StepRunner.done(steps.find(state, run.id(), step.ordinal()).orElseThrow())) {
            return;
        }
        steps.stepStarted(state, run.id(), step.ordinal());
        steps.stepFinished(state, run.id(), step.ordinal(), new StepOutcome(StepState.SUCCEEDED, 0, 0, null, null));
    }

    private void retain(Connection state, Connection target, LoadedRun run, PlannedStep step) throws SQLException {
        if (StepRunner.done(steps.find(state, run.id(), step.ordinal()).orElseThrow())) {
            return;
        }
        steps.stepStarted(state, run.id(), step.ordinal());
        long started = System.nanoTime();
        syncTriggers.retain(state, target, run, run.playbook().backfill().get(StepPath.parse(step.path()).index()), step);
        steps.stepFinished(state, run.id(), step.ordinal(), new StepOutcome(StepState.SUCCEEDED, 1,
                (System.nanoTime() - started) / 1_000_000, null, null));
    }
}
