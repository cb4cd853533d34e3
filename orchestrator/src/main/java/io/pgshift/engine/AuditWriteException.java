package io.pgshift.engine;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import java.sql.SQLException;

/** The audit log could not be written; the run stops rather than act unrecorded. */
final class AuditWriteException extends PgshiftException {
    AuditWriteException(SQLException cause) {
        super(ErrorCode.DATABASE, "cannot write the audit log: " + cause.getMessage(), cause);
    }
}
