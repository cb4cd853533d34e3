package io.pgshift.exec;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.plan.Statement;
import java.sql.SQLException;

/**
 * The database could not be reached while a statement ran: its connection was lost and so was
 * the new one (a network cut, a server down). Nothing is wrong with the statement, and whether it
 * took effect is for its guard to say when it runs again; the run driver waits for the database
 * and then runs the step again, instead of failing the run.
 */
public final class ConnectionLostException extends PgshiftException {
    private final transient Statement statement;
    private final int attempts;

    public ConnectionLostException(Statement statement, int attempts, SQLException cause) {
        super(ErrorCode.DATABASE, message(statement, attempts, cause), cause);
        this.statement = statement;
        this.attempts = attempts;
    }

    private static String message(Statement st, int attempts, SQLException cause) {
        String first = cause.getMessage() == null ? "" : cause.getMessage().split("\n", 2)[0];
        return "lost the connection to the database running the statement on "
                + (st.table() == null ? "the database" : st.table()) + " (attempt " + attempts + "), and a new one too: "
                + cause.getSQLState() + " " + first
                + "\n  statement: " + st.sql()
                + "\n  once the database answers again, re-run: the statement's guard says whether it took effect";
    }

    /** The failure of the last attempt: a connection error (08xxx, 57P0x). */
    public SQLException connectionError() {
        return (SQLException) getCause();
    }

    public Statement statement() {
        return statement;
    }

    public int attempts() {
        return attempts;
    }
}
