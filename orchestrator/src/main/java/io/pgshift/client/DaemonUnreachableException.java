package io.pgshift.client;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;

/**
 * The daemon did not answer (connection refused, timeout). Exits like a database that cannot be
 * reached (6): with {@code --server}, the daemon is where the database is.
 */
public final class DaemonUnreachableException extends PgshiftException {
    public DaemonUnreachableException(String message, Throwable cause) {
        super(ErrorCode.DATABASE, message, cause);
    }
}
