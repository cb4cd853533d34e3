package io.pgshift.engine;

import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditEntry;
import io.pgshift.db.Connections;
import io.pgshift.plan.DurationText;
import io.pgshift.run.RunRecord;
import io.pgshift.run.RunState;
import io.pgshift.run.Waiting;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Records on a run that its driver waits for the target database to answer again, in the state
 * database (which did answer): the run's waiting reason, shown by status, the API, the dashboard
 * and the progress line, and one {@code WAITING_FOR_DATABASE} audit row per outage. The run keeps
 * its state; its driver clears the reason as soon as it works again ({@link WindowGuard#working}).
 */
final class TargetOutage {
    private final EngineContext ctx;
    private final Duration retryEvery;

    TargetOutage(EngineContext ctx, Duration retryEvery) {
        this.ctx = ctx;
        this.retryEvery = retryEvery;
    }

    /**
     * Records that the driver could not reach the target since {@code since} (null: it could until
     * now) and returns when this outage began: {@code since}, or now when the run was not waiting
     * (its driver worked in between: a new outage, which is audited).
     */
    Instant record(long runId, Instant since, SQLException error) throws SQLException {
        Instant now = ctx.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        try (Connection state = Connections.open(ctx.state(), "pgshift-driver")) {
            Optional<RunRecord> run = ctx.runs().find(state, runId);
            if (run.isEmpty() || !waitsForItsDriver(run.get().state())) {
                // paused, cancelled or ended meanwhile: an operator's decision, not an outage, explains it
                return since == null ? now : since;
            }
            boolean began = since == null || run.get().waiting() == null;
            Instant from = began ? now : since;
            String cause = error.getSQLState() + " " + firstLine(error.getCause() != null ? error.getCause() : error);
            String reason = "target database unreachable since " + from + " (" + cause + "); trying again every "
                    + DurationText.format(retryEvery);
            ctx.runs().recordWaiting(state, runId, run.get().state(), new Waiting(reason, null));
            if (began) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("state", run.get().state().name());
                details.put("error", cause);
                ctx.audit().append(state, new AuditEntry(ctx.node(), AuditAction.WAITING_FOR_DATABASE, runId, details));
            }
            return from;
        }
    }

    private static boolean waitsForItsDriver(RunState state) {
        return state.isWorking() || state == RunState.PENDING;
    }

    private static String firstLine(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().split("\n", 2)[0];
    }
}
