package io.pgshift.engine;

import io.pgshift.plan.Phase;
import io.pgshift.plan.PlannedStep;
import io.pgshift.run.RunState;
import java.sql.Connection;
import java.sql.SQLException;

/** The expand phase: each additive DDL step in order, checking for operator requests between steps. */
final class ExpandPhase {
    private final StepRunner stepRunner;
    private final RunControl control;
    private final WindowGuard guard;

    ExpandPhase(StepRunner stepRunner, RunControl control, WindowGuard guard) {
        this.stepRunner = stepRunner;
        this.control = control;
        this.guard = guard;
    }

    void run(Connection state, LoadedRun run) throws SQLException, RunHalted {
        for (PlannedStep step : run.steps(Phase.EXPAND)) {
            control.check(state, run.id(), RunState.EXPANDING);
            stepRunner.run(state, run, step, guard, RunState.EXPANDING);
        }
    }
}
