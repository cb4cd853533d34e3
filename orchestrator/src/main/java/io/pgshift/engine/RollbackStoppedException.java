package io.pgshift.engine;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.run.RunState;

/** A rollback that did not finish: the run is where it stopped (FAILED in phase ROLLING_BACK), with the reason. */
public final class RollbackStoppedException extends PgshiftException {
    public RollbackStoppedException(long runId, RunState state, String error) {
        super(ErrorCode.RUN_FAILED, "run " + runId + " is " + state + (error == null ? "" : ": " + error));
    }
}
