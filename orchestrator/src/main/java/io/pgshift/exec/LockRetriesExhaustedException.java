package io.pgshift.exec;

import io.pgshift.audit.Disclosure;
import io.pgshift.audit.Redactable;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.plan.DurationText;
import io.pgshift.plan.LockMode;
import io.pgshift.plan.Statement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * Every attempt a statement was allowed failed with a retryable error (usually lock_timeout
 * because another session kept the table). Names the sessions that blocked the last attempt and
 * what to do about them. Nothing of the statement was applied.
 */
public final class LockRetriesExhaustedException extends PgshiftException implements Redactable {
    private final transient Statement statement;
    private final int attempts;
    private final Retryable lastKind;
    private final transient List<Blocker> blockers;
    private final String redacted;

    public LockRetriesExhaustedException(Statement statement, int attempts, Duration elapsed, Retryable lastKind,
                                         List<Blocker> blockers, SQLException cause) {
        super(ErrorCode.DATABASE, message(statement, attempts, elapsed, lastKind, blockers, cause, Disclosure.FULL), cause);
        this.redacted = message(statement, attempts, elapsed, lastKind, blockers, cause, Disclosure.REDACTED);
        this.statement = statement;
        this.attempts = attempts;
        this.lastKind = lastKind;
        this.blockers = List.copyOf(blockers);
    }

    @Override
    public String message(Disclosure disclosure) {
        return disclosure.redacts() ? redacted : getMessage();
    }

    private static String message(Statement st, int attempts, Duration elapsed, Retryable kind, List<Blocker> blockers,
                                  SQLException cause, Disclosure disclosure) {
        String table = st.table() == null ? "the database" : st.table();
        LockMode lock = st.lock();
        var sb = new StringBuilder();
        sb.append("gave up on ").append(table).append(" after ").append(attempts).append(" attempts in ")
                .append(DurationText.format(elapsed)).append(": ").append(reason(kind, lock, table));
        if (blockers.isEmpty()) {
            sb.append("; no blocking session was visible any more at the last failure, retry later");
        } else {
            Blocker first = blockers.get(0);
            sb.append("; ").append(first.describe(table, disclosure)).append(". End it (SELECT pg_terminate_backend(")
                    .append(first.pid()).append(")) or retry later");
            for (Blocker other : blockers.subList(1, blockers.size())) {
                sb.append("\n  also: ").append(other.describe(table, disclosure));
            }
        }
        sb.append("\n  last error: ").append(cause.getSQLState()).append(' ')
                .append(cause.getMessage() == null ? "" : Redactable.firstLine(cause, disclosure));
        sb.append("\n  statement: ").append(st.sql());
        return sb.toString();
    }

    private static String reason(Retryable kind, LockMode lock, String table) {
        return switch (kind) {
            case LOCK_TIMEOUT -> "could not take " + lock.sqlName() + " on " + table + " within lock_timeout";
            case DEADLOCK -> "deadlocked with another session on every attempt";
            case SERIALIZATION -> "serialization failure on every attempt";
            case ADMIN_SHUTDOWN, CONNECTION -> "the database connection kept failing";
            case NOT_RETRYABLE -> "failed";
        };
    }

    public Statement statement() {
        return statement;
    }

    public int attempts() {
        return attempts;
    }

    /** The kind of the last failure. */
    public Retryable lastKind() {
        return lastKind;
    }

    /** The sessions that blocked the last attempt (may be empty when they had gone). */
    public List<Blocker> blockers() {
        return blockers;
    }
}
