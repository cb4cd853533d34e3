package io.pgshift.engine;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;

/** A backfill ended FAILED (a batch kept failing with a non-retryable error) or was cancelled underneath the run. */
final class BackfillFailedException extends PgshiftException {
    BackfillFailedException(String message) {
        super(ErrorCode.RUN_FAILED, message);
    }
}
