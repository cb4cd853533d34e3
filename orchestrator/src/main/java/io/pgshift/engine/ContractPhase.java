package io.pgshift.engine;

import io.pgshift.plan.Phase;
import io.pgshift.plan.PlannedStep;
import io.pgshift.plan.StepKind;
import io.pgshift.run.RunState;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The contract phase, entered only after the gate passed: each constraint step in plan order,
 * then the removal of the sync triggers. The gate step itself is recorded as done by the
 * verify phase.
 */
final class ContractPhase {
    private final StepRunner stepRunner;
    private final RunControl control;
    private final WindowGuard guard;

    ContractPhase(StepRunner stepRunner, RunControl control, WindowGuard guard) {
        this.stepRunner = stepRunner;
        this.control = control;
        this.guard = guard;
    }

    void run(Connection state, LoadedRun run) throws SQLException, RunHalted {
        for (PlannedStep step : run.steps(Phase.CONTRACT)) {
            if (step.kind() == StepKind.GATE) {
                continue;
            }
            control.check(state, run.id(), RunState.CONTRACTING);
            stepRunner.run(state, run, step, guard, RunState.CONTRACTING);
        }
    }
}
