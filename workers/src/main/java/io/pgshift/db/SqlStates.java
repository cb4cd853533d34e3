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
    /**
     * The server ended the session for idling inside a transaction (idle_in_transaction_session_timeout,
     * pgshift's own bound or the server's), for a transaction too long (transaction_timeout, 17+) or
     * for idling at all (idle_session_timeout): the FATAL arrives on the next statement and the
     * connection is gone, as after a terminate.
     */
    public static final String IDLE_IN_TRANSACTION_TIMEOUT = "25P03";
    public static final String TRANSACTION_TIMEOUT = "25P04";
    public static final String IDLE_SESSION_TIMEOUT = "57P05";
    public static final String QUERY_CANCELED = "57014";
    public static final String UNIQUE_VIOLATION = "23505";
    /**
     * A login refused: invalid_password (28P01), invalid_authorization_specification (28000, no
     * pg_hba.conf entry, a role that may not log in), too_many_connections (53300: the server's
     * {@code max_connections} or the role's or database's {@code CONNECTION LIMIT} reached). Mid-run
     * it means the credentials changed under a running process (a password rotated before its
     * file was rewritten, pg_hba edited) or the application's connections filled the server: a
     * condition of the moment, like an outage, and waited out as one with its reason shown, not
     * the failure of a partition or a step. A command's first login reports it at once, as any
     * failed connection.
     */
    public static final String INVALID_PASSWORD = "28P01";
    public static final String INVALID_AUTHORIZATION = "28000";
    public static final String TOO_MANY_CONNECTIONS = "53300";
    /** Class 08: connection exception. */
    public static final String CONNECTION_EXCEPTION_CLASS = "08";

    private static final Set<String> RETRYABLE = Set.of(LOCK_NOT_AVAILABLE, SERIALIZATION_FAILURE, DEADLOCK_DETECTED,
            ADMIN_SHUTDOWN, QUERY_CANCELED);

    /** insufficient_privilege, cant_change_runtime_param, invalid_parameter_value: a setting the server would not set. */
    private static final Set<String> SETTING_REFUSED = Set.of("42501", "55P02", "22023");

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

    /**
     * Class 08 (connection exception), the 57P0x shutdowns, the session timeouts and a refused
     * login ({@link #isLoginRefused}): the connection is gone, or could not be made, and must be
     * replaced by a new one.
     */
    public static boolean isConnectionError(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.equals(ADMIN_SHUTDOWN)
                || sqlState.equals(CRASH_SHUTDOWN) || sqlState.equals(CANNOT_CONNECT_NOW) || isSessionTimeout(sqlState)
                || isLoginRefused(sqlState));
    }

    /** {@link #INVALID_PASSWORD}, {@link #INVALID_AUTHORIZATION} or {@link #TOO_MANY_CONNECTIONS}. */
    public static boolean isLoginRefused(String sqlState) {
        return INVALID_PASSWORD.equals(sqlState) || INVALID_AUTHORIZATION.equals(sqlState)
                || TOO_MANY_CONNECTIONS.equals(sqlState);
    }

    /** The server ended the session on one of its timeouts ({@link #IDLE_IN_TRANSACTION_TIMEOUT} and its kin). */
    public static boolean isSessionTimeout(String sqlState) {
        return IDLE_IN_TRANSACTION_TIMEOUT.equals(sqlState) || TRANSACTION_TIMEOUT.equals(sqlState)
                || IDLE_SESSION_TIMEOUT.equals(sqlState);
    }

    /** The server would not change a setting for the session (a managed service may lock some). */
    public static boolean isSettingRefused(String sqlState) {
        return SETTING_REFUSED.contains(sqlState);
    }

    /** Statement or lock timeout: the batch was too slow or waited on a lock, so a smaller one may pass. */
    public static boolean isTimeout(String sqlState) {
        return QUERY_CANCELED.equals(sqlState) || LOCK_NOT_AVAILABLE.equals(sqlState);
    }
}
