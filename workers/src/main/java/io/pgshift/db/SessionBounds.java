package io.pgshift.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What every pgshift session sets at its login, in one statement (one round trip): the bound on
 * idling inside a transaction ({@link IdleTransactions}) and the check for a client that is gone
 * ({@link DeadClients}). Also a pool's connection-init statement.
 */
public final class SessionBounds {
    public static final String SQL = "SELECT (" + IdleTransactions.BOUND_SQL + "), (" + DeadClients.CHECK_SQL + ")";

    private SessionBounds() {
    }

    public static void apply(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(SQL);
        }
    }
}
