package io.pgshift.db;

import java.sql.SQLException;
import java.util.Set;

/**
 * The SQLSTATE codes pgshift acts on (PostgreSQL manual, appendix "Error Codes"), and which
 * failures are worth retrying: the transient ones, after which the same statement can
 * succeed. Anything else (a syntax error, a constraint violation, a bad cast in a {@code set}
 * expression) would fail again and is reported at once.
 */
public final class SqlStates {
    public static final String LOCK_NOT_AVAILABLE = "55P03";
    public static final String SERIALIZATION_FAILURE = "40001";
    public static final String DEADLOCK_DETECTED = "40P01";
    public static final String ADMIN_SHUTDOWN = "57P01";
    /** The server crashed and is resetting: connections are gone, it will accept new ones soon. */
    public static final String CRASH_SHUTDOWN = "57P02";
    /** "the database system is starting up / shutting down": a restart is under way. */
    public static final String CANNOT_CONNECT_NOW = "57P03";
    public static final String QUERY_CANCELED = "57014";
    public static final String UNIQUE_VIOLATION = "23505";
    /** Class 08: connection exception. */
    public static final String CONNECTION_EXCEPTION_CLASS = "08";

    private static final Set<String> RETRYABLE = Set.of(LOCK_NOT_AVAILABLE, SERIALIZATION_FAILURE, DEADLOCK_DETECTED,
            ADMIN_SHUTDOWN, QUERY_CANCELED);

    private SqlStates() {
    }

    public static boolean isRetryable(Throwable t) {
        for (Throwable e = t; e != null; e = e.getCause()) {
            if (e instanceof SQLException sql && isRetryable(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    public static boolean isRetryable(String sqlState) {
        return sqlState != null && (RETRYABLE.contains(sqlState) || isConnectionError(sqlState));
    }

    /** Whether {@code t}, or one of its causes, says the connection is gone. */
    public static boolean isConnectionLost(Throwable t) {
        for (Throwable e = t; e != null; e = e.getCause()) {
            if (e instanceof SQLException sql && isConnectionError(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** Class 08 (connection exception) and the 57P0x shutdowns: the connection is gone and must be replaced. */
    public static boolean isConnectionError(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.equals(ADMIN_SHUTDOWN)
                || sqlState.equals(CRASH_SHUTDOWN) || sqlState.equals(CANNOT_CONNECT_NOW));
    }

    /** Statement or lock timeout: the batch was too slow or waited on a lock, so a smaller one may pass. */
    public static boolean isTimeout(String sqlState) {
        return QUERY_CANCELED.equals(sqlState) || LOCK_NOT_AVAILABLE.equals(sqlState);
    }
}
