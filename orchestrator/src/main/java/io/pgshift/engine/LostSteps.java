package io.pgshift.engine;

import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditEntry;
import io.pgshift.db.Transactions;
import io.pgshift.plan.Phase;
import io.pgshift.run.RunNotFoundException;
import io.pgshift.run.RunRecord;
import io.pgshift.run.RunState;
import io.pgshift.run.StepRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds, before a run is driven on, the steps its target lost: the state database says they
 * SUCCEEDED, the target has not their landmark ({@link StepLandmarks}), which happens when the
 * target failed over to a standby that had not received its last commits. Such steps are set
 * RUNNING again, as a crash mid-step leaves them (they are idempotent or guarded, so they simply
 * run again), and the run goes back to the phase of the first of them: losses are a suffix of what
 * the target committed, so every later step was lost too. One transaction in the state database,
 * audited as STEPS_LOST. With the state in the target nothing can be lost this way: its step rows
 * go back with the target's commits.
 */
final class LostSteps {
    private static final Logger LOG = LoggerFactory.getLogger(LostSteps.class);
    private final EngineContext ctx;

    LostSteps(EngineContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Sets the lost steps of {@code run} to run again, and the run back to their phase. Only a run in
     * one of the four phases is looked at: a rollback's undo is idempotent or guarded by itself.
     */
    void recover(Connection state, LoadedRun run, StepLandmarks landmarks) throws SQLException {
        RunState current = current(state, run.id());
        if (!landmarks.kept() || !current.isPhase()) {
            return;
        }
        Set<Integer> landed = landmarks.landed(run.run());
        List<StepRecord> lost = ctx.steps().landmarked(state, run.id()).stream()
                .filter(s -> !landed.contains(s.ordinal())).toList();
        if (lost.isEmpty()) {
            return;
        }
        RunState phase = phaseOf(lost.get(0).phase());
        RunState back = current.mayReturnTo(phase) ? phase : current;
        Transactions.inTransaction(state, tx -> {
            for (StepRecord step : lost) {
                ctx.steps().stepLost(tx, run.id(), step.ordinal());
            }
            if (back != current) {
                ctx.runs().returnTo(tx, run.id(), current, back);
            }
            ctx.audit().append(tx, new AuditEntry(ctx.node(), AuditAction.STEPS_LOST, run.id(), details(lost, current, back)));
            return null;
        });
        LOG.warn("run {}: the target lost {} step(s) the state database recorded as done ({}), a failover to a"
                + " standby behind it: they run again, from {}", run.id(), lost.size(), paths(lost), back);
    }

    private RunState current(Connection state, long runId) throws SQLException {
        return ctx.runs().find(state, runId).map(RunRecord::state).orElseThrow(() -> new RunNotFoundException(runId));
    }

    /** The working state in which a step of {@code phase} runs. */
    static RunState phaseOf(Phase phase) {
        return switch (phase) {
            case EXPAND -> RunState.EXPANDING;
            case BACKFILL -> RunState.BACKFILLING;
            case CONTRACT -> RunState.CONTRACTING;
        };
    }

    private static Map<String, Object> details(List<StepRecord> lost, RunState from, RunState to) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("steps", paths(lost));
        details.put("from", from.name());
        details.put("to", to.name());
        details.put("why", "the target has no landmark of them: a failover to a standby that had not received them");
        return details;
    }

    private static List<String> paths(List<StepRecord> lost) {
        return lost.stream().map(s -> s.ordinal() + " " + s.path()).toList();
    }
}
