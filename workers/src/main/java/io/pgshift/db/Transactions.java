package io.pgshift.db;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs a unit of work atomically. A connection in autocommit mode gets its own transaction,
 * committed at the end; a connection already in a transaction (autocommit off) is joined, so
 * the caller's work and this unit commit or roll back together (an audited action and its
 * audit row, for example). The original failure is never masked by a failing rollback.
 */
public final class Transactions {
    private Transactions() {
    }

    /** A piece of JDBC work returning a value. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    public static <T> T inTransaction(Connection connection, Work<T> work) throws SQLException {
        if (!connection.getAutoCommit()) {
            return work.run(connection);
        }
        connection.setAutoCommit(false);
        T result;
        try {
            result = work.run(connection);
            connection.commit();
        } catch (SQLException | RuntimeException | Error e) {
            restore(connection, e);
            throw e;
        }
        connection.setAutoCommit(true);
        return result;
    }

    /** Rolls back and returns to autocommit, attaching any failure to the original one. */
    private static void restore(Connection connection, Throwable failure) {
        try {
            connection.rollback();
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
