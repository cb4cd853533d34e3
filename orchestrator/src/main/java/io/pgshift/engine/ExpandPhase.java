package io.pgshift.engine;

import io.pgshift.plan.Phase;
import io.pgshift.plan.PlannedStep;
import io.pgshift.playbook.RenameColumn;
import io.pgshift.playbook.RenameTable;
import io.pgshift.playbook.StepPath;
import io.pgshift.run.RunState;
import io.pgshift.run.StepStore;
import java.sql.Connection;
import java.sql.SQLException;

/** The expand phase: each additive DDL step in order, checking for operator requests between steps. */
final class ExpandPhase {
    private final StepRunner stepRunner;
    private final DriverTransitions control;
    private final WindowGuard guard;
    private final SyncTriggers retained;
    private final StepStore steps;

    ExpandPhase(StepRunner stepRunner, DriverTransitions control, WindowGuard guard, SyncTriggers retained,
                StepStore steps) {
        this.stepRunner = stepRunner;
        this.control = control;
        this.guard = guard;
        this.retained = retained;
        this.steps = steps;
    }

    void run(Connection state, LoadedRun run) throws SQLException, RunHalted {
        for (PlannedStep step : run.steps(Phase.EXPAND)) {
            control.check(state, run.id(), RunState.EXPANDING);
            boolean done = StepRunner.done(steps.find(state, run.id(), step.ordinal()).orElseThrow());
            stepRunner.run(state, run, step, guard, RunState.EXPANDING);
            // rename_table leaves a view under the old name, kept until cleanup
            var expand = run.playbook().expand().get(StepPath.parse(step.path()).index());
            if (!done && expand instanceof RenameTable rename) {
                retained.renamed(state, run, step, rename);
            }
            // rename_column's trigger counts the old version's writes from now on
            if (expand instanceof RenameColumn rename) {
                retained.renamedColumn(state, run, step, rename);
            }
        }
    }
}
