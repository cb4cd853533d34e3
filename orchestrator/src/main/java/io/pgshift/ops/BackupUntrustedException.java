package io.pgshift.ops;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;

/** A backup file that cannot be trusted for a restore: no checksum beside it, or one it does not match. */
public final class BackupUntrustedException extends PgshiftException {
    public BackupUntrustedException(String message) {
        super(ErrorCode.BACKUP_UNTRUSTED, message);
    }

    public BackupUntrustedException(String message, Throwable cause) {
        super(ErrorCode.BACKUP_UNTRUSTED, message, cause);
    }
}
