package io.pgshift.daemon;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.db.IdleTransactions;
import io.pgshift.db.LoginDataSource;
import io.pgshift.db.SqlStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The connections API requests and the daemon's own short reads take to one target: a small
 * HikariCP pool, so the dashboard's polling and a burst of requests reuse a few sessions instead
 * of logging in for each (and cannot exhaust the server's connections). A session comes out of
 * the pool as a fresh one would: {@code RESET ALL} drops whatever a previous borrower set
 * (HikariCP resets auto-commit and isolation, not settings), it gets pgshift's bound on idle
 * transactions back ({@link IdleTransactions}), and its application_name says what
 * it serves, {@code pgshift-daemon-<purpose>}, as in pg_stat_activity before pooling.
 */
final class TargetPool implements AutoCloseable {
    /** API requests are short; more waiting requests queue for a session rather than open more. */
    private static final int MAX_SESSIONS = 4;
    /**
     * The pool checks a session before handing it out only when it was idle for over half a
     * second: one the server ended just after its last use (a {@code pg_terminate_backend}, a
     * failover) fails its first statement, the pool drops it, and the next borrow gets another.
     */
    private static final int BORROWS = 3;
    private final HikariDataSource pool;

    TargetPool(DatabaseUrl url, String target) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(new LoginDataSource(url, "pgshift-daemon", Connections.SOCKET_TIMEOUT));
        config.setMaximumPoolSize(MAX_SESSIONS);
        config.setMinimumIdle(0);
        config.setIdleTimeout(60_000);
        config.setConnectionTimeout(Connections.CONNECT_TIMEOUT.toMillis());
        config.setPoolName("pgshift-api-" + target);
        // the daemon starts even while a target is down (its readiness says so): no connection at start
        config.setInitializationFailTimeout(-1);
        this.pool = new HikariDataSource(config);
    }

    Connection connect(String purpose) throws SQLException {
        return connect(purpose, false);
    }

    /**
     * {@code readOnly}: PostgreSQL refuses every write on the session (what a viewer's request
     * reads with); the next borrower's {@code RESET ALL} and HikariCP's reset of the read-only flag
     * give it back writable.
     */
    Connection connect(String purpose, boolean readOnly) throws SQLException {
        for (int borrow = 1; ; borrow++) {
            // a server that cannot be reached fails here, once: only a dead session handed out is tried again
            Connection c = pool.getConnection();
            try {
                return prepared(c, purpose, readOnly);
            } catch (SQLException e) {
                if (borrow == BORROWS || !SqlStates.isConnectionLost(e)) {
                    throw e;
                }
            }
        }
    }

    /** {@code c} set up as a fresh session for {@code purpose}; closed (given back) if that fails. */
    private static Connection prepared(Connection c, String purpose, boolean readOnly) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("RESET ALL; " + IdleTransactions.BOUND_SQL
                    + "; SET application_name = 'pgshift-daemon-" + purpose.replaceAll("[^a-z0-9-]", "") + "'"
                    + (readOnly ? "; SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY" : ""));
            if (readOnly) {
                c.setReadOnly(true);
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    @Override
    public void close() {
        pool.close();
    }
}
