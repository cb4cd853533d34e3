package io.pgshift.engine;

import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditEntry;
import io.pgshift.audit.AuditLog;
import io.pgshift.audit.Disclosure;
import io.pgshift.audit.Redactable;
import io.pgshift.exec.StatementListener;
import io.pgshift.exec.StatementOutcome;
import io.pgshift.plan.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes every executed, skipped and retried statement to the audit log, with its timing and
 * attempts. Audit failures are not swallowed: a run whose actions cannot be recorded stops.
 */
final class AuditingListener implements StatementListener {
    private final AuditLog audit;
    private final Connection state;
    private final String actor;
    private final long runId;
    private final String path;
    private final Disclosure disclosure;
    private int retries;

    AuditingListener(AuditLog audit, Connection state, String actor, long runId, String path) {
        this(audit, state, actor, runId, path, Disclosure.REDACTED);
    }

    /** @param disclosure whether a retried error may quote a lock holder's query (the run's policy) */
    AuditingListener(AuditLog audit, Connection state, String actor, long runId, String path, Disclosure disclosure) {
        this.disclosure = disclosure;
        this.audit = audit;
        this.state = state;
        this.actor = actor;
        this.runId = runId;
        this.path = path;
    }

    /** 1 + the retries of all statements of the step so far: the step's attempts as the report shows them. */
    int attempts() {
        return 1 + retries;
    }

    @Override
    public void attemptFailed(Statement statement, int attempt, SQLException error, Duration nextWait) {
        Map<String, Object> details = details(statement);
        details.put("attempt", attempt);
        details.put("sqlstate", error.getSQLState());
        details.put("error", Redactable.firstLine(error, disclosure));
        details.put("next_wait_ms", nextWait.toMillis());
        append(AuditAction.STATEMENT_RETRIED, details);
    }

    @Override
    public void executed(Statement statement, StatementOutcome outcome) {
        retries += outcome.attempts() - 1;
        Map<String, Object> details = details(statement);
        details.put("attempts", outcome.attempts());
        details.put("duration_ms", outcome.successfulAttempt().toMillis());
        details.put("total_ms", outcome.total().toMillis());
        append(AuditAction.STATEMENT_EXECUTED, details);
    }

    @Override
    public void skipped(Statement statement) {
        append(AuditAction.STATEMENT_SKIPPED, details(statement));
    }

    private Map<String, Object> details(Statement statement) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("step", path);
        details.put("sql", statement.sql());
        details.put("lock", statement.lock().sqlName());
        return details;
    }

    private void append(AuditAction action, Map<String, Object> details) {
        try {
            audit.append(state, new AuditEntry(actor, action, runId, details));
        } catch (SQLException e) {
            throw new AuditWriteException(e);
        }
    }
}
