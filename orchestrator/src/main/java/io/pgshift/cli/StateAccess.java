package io.pgshift.cli;

import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.run.StateSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Opens the database holding pgshift's state for the run commands. Commands that only act on runs
 * pgshift made (status, history, audit, pause, rollback, ...) {@link #open} it: where pgshift has
 * never run they refuse and create nothing, so a command pointed at the wrong database leaves no
 * pgshift tables there. Commands that make state (apply, baseline record) {@link #create} it.
 * Either brings an existing schema up to date (an upgraded pgshift reads its newer columns).
 */
final class StateAccess {
    private StateAccess() {
    }

    /** The state of a database pgshift has run in; refused (exit 2, nothing created) where it has not. */
    static Connection open(DatabaseUrl url) {
        return openIfRan(url).orElseThrow(() -> new PgshiftException(ErrorCode.USAGE, "pgshift has not run in "
                + url.database() + " (no pgshift.run table there): point --database-url (or --state-url) at the"
                + " database pgshift applies to; nothing was created"));
    }

    /** The state of a database pgshift has run in; empty (the session closed, nothing created) where it has not. */
    static Optional<Connection> openIfRan(DatabaseUrl url) {
        return connect(url, false);
    }

    /** The state database, pgshift's schema created there when missing. */
    static Connection create(DatabaseUrl url) {
        return connect(url, true).orElseThrow();
    }

    /** Empty only when {@code create} is false and pgshift has not run there (the session is closed then). */
    private static Optional<Connection> connect(DatabaseUrl url, boolean create) {
        Connection c = null;
        try {
            c = Connections.open(url);
            if (!create && !hasState(c)) {
                c.close();
                return Optional.empty();
            }
            StateSchema.migrate(c);
            return Optional.of(c);
        } catch (SQLException e) {
            closeAfter(c, e);
            throw unreadable(url, e);
        } catch (RuntimeException e) {
            closeAfter(c, e);
            throw e;
        }
    }

    private static PgshiftException unreadable(DatabaseUrl url, SQLException e) {
        return new PgshiftException(ErrorCode.DATABASE, "cannot open pgshift's state in " + url + ": "
                + e.getMessage().split("\n", 2)[0], e);
    }

    private static boolean hasState(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT to_regclass('pgshift.run') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** The session is given up with the failure: a close error is kept on it, not thrown over it. */
    private static void closeAfter(Connection c, Exception cause) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
