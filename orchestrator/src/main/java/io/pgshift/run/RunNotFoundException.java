package io.pgshift.run;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;

/** No run has this id. */
public final class RunNotFoundException extends PgshiftException {
    public RunNotFoundException(long runId) {
        super(ErrorCode.USAGE, "there is no run " + runId + "; `pgshift history` lists the runs");
    }
}
