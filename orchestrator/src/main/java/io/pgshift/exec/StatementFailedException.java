package io.pgshift.exec;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.plan.Statement;
import java.sql.SQLException;

/** A statement failed with an error that is not retried (syntax, constraint violation, statement_timeout, ...). */
public final class StatementFailedException extends PgshiftException {
    private final transient Statement statement;
    private final String sqlState;
    private final int attempts;

    public StatementFailedException(Statement statement, int attempts, SQLException cause) {
        super(ErrorCode.DATABASE, message(statement, attempts, cause), cause);
        this.statement = statement;
        this.sqlState = cause.getSQLState();
        this.attempts = attempts;
    }

    private static String message(Statement st, int attempts, SQLException cause) {
        String state = cause.getSQLState() == null ? "no SQLSTATE" : "SQLSTATE " + cause.getSQLState();
        String first = cause.getMessage() == null ? "" : cause.getMessage().split("\n", 2)[0];
        return "statement on " + (st.table() == null ? "the database" : st.table()) + " failed (" + state + "): "
                + first + (attempts > 1 ? " (attempt " + attempts + ")" : "")
                + "\n  statement: " + st.sql()
                + "\n  fix the cause and re-run; steps already done are skipped";
    }

    public Statement statement() {
        return statement;
    }

    /** The SQLSTATE of the failure, or null when the driver gave none. */
    public String sqlState() {
        return sqlState;
    }

    public int attempts() {
        return attempts;
    }
}
