package io.pgshift.exec;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.plan.Statement;

/**
 * The executing thread was interrupted (pause, cancel, shutdown) while waiting to retry. The
 * statement did not complete; the thread's interrupt flag is set again when this is thrown.
 */
public final class ExecutionInterruptedException extends PgshiftException {
    public ExecutionInterruptedException(Statement statement, InterruptedException cause) {
        super(ErrorCode.DATABASE, "interrupted before the statement on "
                + (statement.table() == null ? "the database" : statement.table())
                + " completed; re-run to continue from it\n  statement: " + statement.sql(), cause);
    }
}
