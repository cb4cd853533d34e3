package io.pgshift.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Bounds how long a pgshift session may sit idle inside an open transaction before the server
 * ends it ({@code idle_in_transaction_session_timeout}).
 *
 * <p>pgshift's transactions wait for nothing between their statements but the JVM itself, so a
 * longer gap means the process is frozen (SIGSTOP, a stalled VM, a long GC pause) or cut off from
 * the server. Until the server ends such a session its transaction keeps what it holds: a batch's
 * partition row and rows (another node's worker waits on them for as long), a DDL statement's
 * lock (the application waits), Quartz's {@code qrtz_locks} row (the cluster's recovery waits),
 * an audit append's advisory lock, and its snapshot (every {@code CREATE INDEX CONCURRENTLY}
 * waits). Ended, the transaction rolls back and the woken process finds its connection lost,
 * which every path already survives as it survives {@code pg_terminate_backend}. A stricter
 * server, database or role setting is kept.
 *
 * <p>The one transaction that idles on purpose, a backup's snapshot export while {@code pg_dump}
 * imports it, takes the server's setting back ({@link #serverDefault}).
 */
public final class IdleTransactions {
    /** Far above any gap between two statements of a live pgshift process; short enough that nothing waits long. */
    public static final Duration LIMIT = Duration.ofSeconds(10);
    /**
     * Sets the bound unless the session's own is already tighter; also a pool's connection-init
     * statement, and part of {@link SessionBounds}'s. Every login runs it, so it reads the setting
     * with {@code current_setting} (its text, "0", "500ms", "1h", reads as an interval) rather than
     * from the {@code pg_settings} view, which lists every setting: 0.1 ms instead of 0.9 ms a
     * login (pgbench -C).
     */
    public static final String BOUND_SQL = "SELECT set_config('idle_in_transaction_session_timeout', '"
            + LIMIT.toMillis() + "', false) WHERE current_setting('idle_in_transaction_session_timeout')::interval"
            + " NOT BETWEEN interval '1 ms' AND interval '" + LIMIT.toMillis() + " ms'";

    private IdleTransactions() {
    }

    /** Gives the session the server's (database's, role's) setting back, for a transaction that idles on purpose. */
    public static void serverDefault(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("RESET idle_in_transaction_session_timeout");
        }
    }
}
