package io.pgshift.ops;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;

/** A restore refused or failed; the message says why and what was left as it was. */
public final class RestoreFailedException extends PgshiftException {
    public RestoreFailedException(String message) {
        super(ErrorCode.RESTORE_FAILED, message);
    }

    public RestoreFailedException(String message, Throwable cause) {
        super(ErrorCode.RESTORE_FAILED, message, cause);
    }
}
