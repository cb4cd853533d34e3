package io.pgshift.exec;

import io.pgshift.db.SqlStates;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Decides from its SQLSTATE whether a failed statement may be retried. Only the states listed
 * in {@link Retryable} are; anything unclassified fails at once, so a new kind of error is seen
 * by an operator instead of being retried blindly.
 *
 * <p>57014 (query_canceled) is deliberately NOT retryable: for pgshift's DDL it means that
 * statement_timeout fired, i.e. the statement already held or waited for its lock for the whole
 * timeout. Running it again would hold the same lock for as long again, hurting traffic twice,
 * and a timeout that is too short for the table is a setting to fix, not a race to retry.
 */
public final class RetryClassifier {
    private RetryClassifier() {
    }

    public static Retryable classify(SQLException e) {
        String state = e.getSQLState();
        if (state == null) {
            // pgJDBC reports some socket failures without a state; the cause tells them apart.
            return e.getCause() instanceof IOException ? Retryable.CONNECTION : Retryable.NOT_RETRYABLE;
        }
        if (state.startsWith(SqlStates.CONNECTION_EXCEPTION_CLASS) || SqlStates.isSessionTimeout(state)
                || SqlStates.isLoginRefused(state)) {
            return Retryable.CONNECTION;
        }
        return switch (state) {
            case SqlStates.LOCK_NOT_AVAILABLE -> Retryable.LOCK_TIMEOUT;
            case SqlStates.SERIALIZATION_FAILURE -> Retryable.SERIALIZATION;
            case SqlStates.DEADLOCK_DETECTED -> Retryable.DEADLOCK;
            case SqlStates.ADMIN_SHUTDOWN, SqlStates.CRASH_SHUTDOWN, SqlStates.CANNOT_CONNECT_NOW ->
                    Retryable.ADMIN_SHUTDOWN;
            default -> Retryable.NOT_RETRYABLE;
        };
    }

    /**
     * The lost connection behind {@code failure}, if that is what it comes down to: an SQLException
     * that means the session is gone, {@code failure} itself or one of its causes (a catalog read,
     * an audit write, a statement whose connection could not be replaced wrap theirs).
     */
    public static Optional<SQLException> lostConnection(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            if (e instanceof SQLException sql && classify(sql).connectionLost()) {
                return Optional.of(sql);
            }
        }
        return Optional.empty();
    }
}
