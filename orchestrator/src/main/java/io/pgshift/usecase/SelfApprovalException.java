package io.pgshift.usecase;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;

/**
 * The approver submitted the run: an approval is a second person's word, so the submitter's is
 * refused (HTTP 403 over the API, like a role the token lacks).
 */
public final class SelfApprovalException extends PgshiftException {
    public SelfApprovalException(long runId, String actor) {
        super(ErrorCode.AUTH, "'" + actor + "' submitted run " + runId + " and cannot approve it: another approver must");
    }
}
