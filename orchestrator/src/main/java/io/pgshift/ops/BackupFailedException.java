package io.pgshift.ops;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;

/** pg_dump, the checksum or the verifying restore failed; the message says which and why. */
public final class BackupFailedException extends PgshiftException {
    public BackupFailedException(String message) {
        super(ErrorCode.BACKUP_FAILED, message);
    }

    public BackupFailedException(String message, Throwable cause) {
        super(ErrorCode.BACKUP_FAILED, message, cause);
    }
}
