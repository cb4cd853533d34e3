package io.pgshift.usecase;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;

/** Backfill knobs were set on a run none of whose backfills is left to run: there is nothing they would change. */
public final class NoUnfinishedBackfillException extends PgshiftException {
    public NoUnfinishedBackfillException(long runId) {
        super(ErrorCode.RUN_CONFLICT, "run " + runId + " has no unfinished backfill: knobs apply to a running,"
                + " paused or pending backfill only");
    }
}
