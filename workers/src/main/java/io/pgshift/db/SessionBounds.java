package io.pgshift.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a pgshift session opened by {@link Connections} sets at its login, in one statement (one
 * round trip): the bound on idling inside a transaction ({@link IdleTransactions}), the check
 * for a client that is gone ({@link DeadClients}) and the server's keepalives on a silent
 * connection ({@link ServerKeepalives}).
 *
 * <p>The bound is required; the check and the keepalives are safeguards: a server that refuses
 * them (a managed service may lock a setting) still gets the bound, with one warning per process.
 * The pools (Quartz's, the daemon's API pool) set the bound alone: their statements are short,
 * and a pool's init statement that failed would fail every borrow.
 */
public final class SessionBounds {
    private static final Logger LOG = LoggerFactory.getLogger(SessionBounds.class);

    static final String SQL = "SELECT (" + IdleTransactions.BOUND_SQL + "), (" + DeadClients.CHECK_SQL + "), ("
            + ServerKeepalives.SET_SQL + ")";

    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private SessionBounds() {
    }

    /** On a connection in auto-commit, as a new one is: a refused statement leaves no transaction to roll back. */
    public static void apply(Connection c) throws SQLException {
        apply(c, SQL);
    }

    /** {@code sql}: the bound and the safeguards, in one statement (tests give one the server refuses). */
    static void apply(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            if (!SqlStates.isSettingRefused(e.getSQLState())) {
                throw e;
            }
            if (WARNED.compareAndSet(false, true)) {
                LOG.warn("the server refused client_connection_check_interval or its TCP keepalives ({}): the statement"
                        + " of a killed or vanished pgshift process will run on until it ends", e.getMessage());
            }
            try (Statement s = c.createStatement()) {
                s.execute(IdleTransactions.BOUND_SQL);
            }
        }
    }
}
