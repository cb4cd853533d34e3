package io.pgshift.engine;

import io.pgshift.operation.OperationRegistry;
import io.pgshift.plan.PlannedStep;
import io.pgshift.playbook.Backfill;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.StepPath;

/**
 * The backfill a BACKFILL step runs: the playbook's own ({@code backfill[2]}), or the one an
 * expand operation needs for itself ({@code expand[0].alter_column_type} fills its shadow column).
 */
final class Backfills {
    private Backfills() {
    }

    static Backfill of(Playbook playbook, PlannedStep step) {
        StepPath path = StepPath.parse(step.path());
        if (path.section() == StepPath.Section.BACKFILL) {
            return playbook.backfill().get(path.index());
        }
        return OperationRegistry.backfill(playbook.expand().get(path.index())).orElseThrow(
                () -> new IllegalStateException("step " + step.path() + " has no backfill"));
    }
}
