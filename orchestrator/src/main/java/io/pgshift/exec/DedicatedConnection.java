package io.pgshift.exec;

import io.pgshift.db.SocketTimeouts;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;

/**
 * The one connection an executor runs everything on, opened lazily and again after it died.
 * Between statements it is always in autocommit with no transaction open.
 */
final class DedicatedConnection implements AutoCloseable {
    private final ConnectionSource source;
    private Connection current;

    DedicatedConnection(ConnectionSource source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /** The connection, its reads bounded for statements under {@code statementTimeout}. */
    Connection get(Duration statementTimeout) throws SQLException {
        if (current == null || current.isClosed()) {
            current = source.open();
            current.setAutoCommit(true);
        }
        SocketTimeouts.outlast(current, statementTimeout);
        return current;
    }

    /**
     * Forgets a connection that failed: the next {@link #get()} opens a new one. Closing a dead
     * session can only fail because it is dead, so that failure carries no information.
     */
    void discard() {
        Connection dead = current;
        current = null;
        if (dead != null) {
            try {
                dead.close();
            } catch (SQLException ignored) {
                // already broken: the server side is gone or going
            }
        }
    }

    @Override
    public void close() throws SQLException {
        Connection c = current;
        current = null;
        if (c != null) {
            c.close();
        }
    }
}
