package io.pgshift.engine;

import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditEntry;
import io.pgshift.audit.AuditLog;
import io.pgshift.audit.Disclosure;
import io.pgshift.audit.Redactable;
import io.pgshift.audit.StatementPhase;
import io.pgshift.exec.StatementListener;
import io.pgshift.exec.StatementOutcome;
import io.pgshift.plan.PlannedStep;
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
    private final Origin origin;
    private final Disclosure disclosure;
    private int retries;

    /**
     * Which run's statements these are, and of what: the {@code step} and {@code phase} of every
     * audit row written.
     *
     * @param step the step's path, or what stands for it ({@code expand[0]:rollback}, {@code cleanup:TRIGGER})
     */
    record Origin(long runId, String step, StatementPhase phase) {
        static Origin of(long runId, PlannedStep step) {
            StatementPhase phase = switch (step.phase()) {
                case EXPAND -> StatementPhase.EXPAND;
                case BACKFILL -> StatementPhase.BACKFILL;
                case CONTRACT -> StatementPhase.CONTRACT;
            };
            return new Origin(runId, step.path(), phase);
        }

        static Origin rollbackOf(long runId, String stepPath) {
            return new Origin(runId, stepPath + ":rollback", StatementPhase.ROLLBACK);
        }

        static Origin cleanupOf(long runId, String triggerName) {
            return new Origin(runId, "cleanup:" + triggerName, StatementPhase.CLEANUP);
        }
    }

    AuditingListener(AuditLog audit, Connection state, String actor, Origin origin) {
        this(audit, state, actor, origin, Disclosure.REDACTED);
    }

    /** @param disclosure whether a retried error may quote a lock holder's query (the run's policy) */
    AuditingListener(AuditLog audit, Connection state, String actor, Origin origin, Disclosure disclosure) {
        this.disclosure = disclosure;
        this.audit = audit;
        this.state = state;
        this.actor = actor;
        this.origin = origin;
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
        details.put("step", origin.step());
        details.put("phase", origin.phase().word());
        details.put("sql", statement.sql());
        details.put("lock", statement.lock().sqlName());
        return details;
    }

    private void append(AuditAction action, Map<String, Object> details) {
        try {
            audit.append(state, new AuditEntry(actor, action, origin.runId(), details));
        } catch (SQLException e) {
            throw new AuditWriteException(e);
        }
    }
}
