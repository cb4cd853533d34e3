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
 * Finds the steps a run's target lost: the state database says they SUCCEEDED, the target has not
 * their landmark ({@link StepLandmarks}), which happens when the target failed over to a standby
 * that had not received its last commits. Looked for before a run is driven on, and when a
 * playbook whose run succeeded is applied again (the failover may come after the run ended). Such
 * steps are set RUNNING again, as a crash mid-step leaves them (they are idempotent or guarded, so
 * they simply run again), and the run goes back to the phase of the first of them: losses are a
 * suffix of what the target committed, so every later step was lost too. One transaction in the
 * state database, audited as STEPS_LOST. With the state in the target nothing can be lost this way:
 * its step rows go back with the target's commits.
 */
public final class LostSteps {
    private static final Logger LOG = LoggerFactory.getLogger(LostSteps.class);
    private final EngineContext ctx;

    public LostSteps(EngineContext ctx) {
        this.ctx = ctx;
    }

    /** The run's steps recorded SUCCEEDED whose landmark {@code target} lacks, in order; reads only. */
    public List<StepRecord> find(Connection state, Connection target, RunRecord run) throws SQLException {
        StepLandmarks landmarks = StepLandmarks.of(ctx, target);
        if (!landmarks.kept()) {
            return List.of();
        }
        List<StepRecord> expected = ctx.steps().landmarked(state, run.id());
        if (expected.isEmpty()) {
            return expected;
        }
        Set<Integer> landed = landmarks.landed(run);
        return expected.stream().filter(s -> !landed.contains(s.ordinal())).toList();
    }

    /**
     * Sets the lost steps of {@code run} to run again, and the run back to their phase; returns
     * them (none: nothing changed, or the run moved meanwhile). Only a run in one of the four
     * phases, or one that succeeded, is looked at: a rollback's undo is idempotent or guarded by itself.
     *
     * @throws io.pgshift.run.IllegalTransitionException a succeeded run's tables are held by another run now
     */
    public List<StepRecord> recover(Connection state, Connection target, RunRecord run) throws SQLException {
        RunState current = current(state, run.id());
        if (!current.isPhase() && current != RunState.SUCCEEDED) {
            return List.of();
        }
        List<StepRecord> lost = find(state, target, run);
        if (lost.isEmpty()) {
            return lost;
        }
        RunState phase = phaseOf(lost.get(0).phase());
        RunState back = current.mayReturnTo(phase) ? phase : current;
        boolean moved = Transactions.inTransaction(state, tx -> {
            if (ctx.runs().lock(tx, run.id()).map(RunRecord::state).orElse(null) != current) {
                // another submission of the same playbook found the same loss a moment before: its move stands
                return false;
            }
            for (StepRecord step : lost) {
                ctx.steps().stepLost(tx, run.id(), step.ordinal());
            }
            if (back != current) {
                ctx.runs().returnTo(tx, run.id(), current, back);
            }
            ctx.audit().append(tx, new AuditEntry(ctx.node(), AuditAction.STEPS_LOST, run.id(), details(lost, current, back)));
            return true;
        });
        if (!moved) {
            return List.of();
        }
        LOG.warn("run {}: the target lost {} step(s) the state database recorded as done ({}), a failover to a"
                + " standby behind it: they run again, from {}", run.id(), lost.size(), paths(lost), back);
        return lost;
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

    /** Each step as {@code ORDINAL PATH}, as the audit log and the log name them. */
    public static List<String> paths(List<StepRecord> lost) {
        return lost.stream().map(s -> s.ordinal() + " " + s.path()).toList();
    }
}
