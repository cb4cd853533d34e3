package io.pgshift.run;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;

/**
 * A run already holds an approval: one is recorded once, so that the approver the audit log and
 * the run name is the one whose approval let it start (a second one would overwrite it).
 */
public final class AlreadyApprovedException extends PgshiftException {
    private final long runId;
    private final String approvedBy;

    public AlreadyApprovedException(long runId, String approvedBy) {
        super(ErrorCode.RUN_CONFLICT, "run " + runId + " is already approved by '" + approvedBy
                + "'; an approval is recorded once (the run starts when its allowed windows open)");
        this.runId = runId;
        this.approvedBy = approvedBy;
    }

    public long runId() {
        return runId;
    }

    public String approvedBy() {
        return approvedBy;
    }
}
