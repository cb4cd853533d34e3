package io.pgshift.exec;

import io.pgshift.audit.Disclosure;
import io.pgshift.audit.Redactable;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.plan.DurationText;
import io.pgshift.plan.LockMode;
import io.pgshift.plan.Statement;
import java.sql.SQLException;
import java.util.List;

/**
 * Every attempt a statement was allowed failed with a retryable error (usually lock_timeout
 * because another session kept the table). Names the sessions that blocked the last attempt and
 * what to do about them. Nothing of the statement was applied.
 */
public final class LockRetriesExhaustedException extends PgshiftException implements Redactable {
    private final transient Statement statement;
    private final transient LockAttempts attempts;
    private final String redacted;

    public LockRetriesExhaustedException(Statement statement, LockAttempts attempts) {
        super(ErrorCode.DATABASE, message(statement, attempts, Disclosure.FULL), attempts.lastError());
        this.redacted = message(statement, attempts, Disclosure.REDACTED);
        this.statement = statement;
        this.attempts = attempts;
    }

    @Override
    public String message(Disclosure disclosure) {
        return disclosure.redacts() ? redacted : getMessage();
    }

    private static String message(Statement st, LockAttempts attempts, Disclosure disclosure) {
        List<Blocker> blockers = attempts.blockers();
        SQLException cause = attempts.lastError();
        String table = st.table() == null ? "the database" : st.table();
        LockMode lock = st.lock();
        var sb = new StringBuilder();
        sb.append("gave up on ").append(table).append(" after ").append(attempts.count()).append(" attempts in ")
                .append(DurationText.format(attempts.elapsed())).append(": ").append(reason(attempts.lastKind(), lock, table));
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
            // a statement that takes no table lock waited for another object's (a function it drops)
            case LOCK_TIMEOUT -> lock == LockMode.NONE ? "could not take its lock within lock_timeout"
                    : "could not take " + lock.sqlName() + " on " + table + " within lock_timeout";
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
        return attempts.count();
    }

    /** The kind of the last failure. */
    public Retryable lastKind() {
        return attempts.lastKind();
    }

    /** The sessions that blocked the last attempt (may be empty when they had gone). */
    public List<Blocker> blockers() {
        return attempts.blockers();
    }
}
