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
 * state database, audited as STEPS_LOST. The undo of a rollback can be lost the same way: a step's
 * undo removes its landmark, and a rolled-back step whose landmark the target has again is undone
 * again ({@link #recoverUndos}). With the state in the target nothing can be lost this way: its
 * step rows go back with the target's commits.
 */
public final class LostSteps {
    private static final Logger LOG = LoggerFactory.getLogger(LostSteps.class);
    private final EngineContext ctx;

    public LostSteps(EngineContext ctx) {
        this.ctx = ctx;
    }

    /** The run's steps recorded SUCCEEDED whose landmark {@code target} lacks, in order; reads only. */
    public List<StepRecord> find(Connection state, Connection target, RunRecord run) throws SQLException {
        return byLandmark(target, run, () -> ctx.steps().landmarked(state, run.id()), false);
    }

    /**
     * The run's ROLLED_BACK steps whose undo {@code target} lost: their undo removed their landmark,
     * and the target has it again (a failover to a standby that had not received the undo); reads only.
     */
    public List<StepRecord> findUndos(Connection state, Connection target, RunRecord run) throws SQLException {
        return byLandmark(target, run, () -> ctx.steps().unmarkedUndos(state, run.id()), true);
    }

    /** The run's steps read from its state database: only when landmarks are kept, else not at all. */
    @FunctionalInterface
    private interface StepRead {
        List<StepRecord> steps() throws SQLException;
    }

    /**
     * Those of {@code recorded} whose landmark {@code target} has ({@code landed}) or lacks; the
     * target's landmarks are read only when the state database recorded any such step.
     */
    private List<StepRecord> byLandmark(Connection target, RunRecord run, StepRead recorded, boolean landed)
            throws SQLException {
        StepLandmarks landmarks = StepLandmarks.of(ctx, target);
        if (!landmarks.kept()) {
            return List.of();
        }
        List<StepRecord> steps = recorded.steps();
        if (steps.isEmpty()) {
            return steps;
        }
        Set<Integer> present = landmarks.landed(run);
        return steps.stream().filter(s -> present.contains(s.ordinal()) == landed).toList();
    }

    /**
     * Sets the lost steps of {@code run} to run again, and the run back to their phase; returns
     * them (none: nothing changed, or the run moved meanwhile). Only a run in one of the four
     * phases, or one that succeeded, is looked at: the undo of a step the target lost is idempotent
     * (a rollback looks for the undos it lost instead, {@link #recoverUndos}).
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
        if (!move(state, run, new Loss(lost, current, back, false))) {
            return List.of();
        }
        LOG.warn("run {}: the target lost {} step(s) the state database recorded as done ({}), a failover to a"
                + " standby behind it: they run again, from {}", run.id(), lost.size(), paths(lost), back);
        return lost;
    }

    /**
     * Sets the steps of a rolling-back or rolled-back {@code run} whose undo the target lost to be
     * undone again (SUCCEEDED, as before the rollback), and a rolled-back run to ROLLING_BACK, its
     * tables claimed again; returns them (none: nothing changed, or the run moved meanwhile). Asked
     * for by the rollback's driver, and by {@code pgshift rollback} of a rolled-back run: undoing
     * again (an added column dropped with --drop-data) is the operator's call, never automatic.
     *
     * @throws io.pgshift.run.IllegalTransitionException the run's tables are held by another run now
     */
    public List<StepRecord> recoverUndos(Connection state, Connection target, RunRecord run) throws SQLException {
        RunState current = current(state, run.id());
        if (current != RunState.ROLLING_BACK && current != RunState.ROLLED_BACK) {
            return List.of();
        }
        List<StepRecord> lost = findUndos(state, target, run);
        if (lost.isEmpty() || !move(state, run, new Loss(lost, current, RunState.ROLLING_BACK, true))) {
            return List.of();
        }
        LOG.warn("run {}: the target lost the undo of {} step(s) the state database recorded as rolled back ({}),"
                + " a failover to a standby behind it: they are undone again", run.id(), lost.size(), paths(lost));
        return lost;
    }

    /** Steps the target lost (their effect, or with {@code undos} their undo), and where the run goes for them. */
    private record Loss(List<StepRecord> steps, RunState from, RunState to, boolean undos) {
    }

    /** One transaction: the steps back, the run from where it was to where it goes, audited; false if the run moved. */
    private boolean move(Connection state, RunRecord run, Loss loss) throws SQLException {
        return Transactions.inTransaction(state, tx -> {
            if (ctx.runs().lock(tx, run.id()).map(RunRecord::state).orElse(null) != loss.from()) {
                // another submission of the same playbook found the same loss a moment before: its move stands
                return false;
            }
            for (StepRecord step : loss.steps()) {
                if (loss.undos()) {
                    ctx.steps().undoLost(tx, run.id(), step.ordinal());
                } else {
                    ctx.steps().stepLost(tx, run.id(), step.ordinal());
                }
            }
            if (loss.to() != loss.from()) {
                ctx.runs().returnTo(tx, run.id(), loss.from(), loss.to());
            }
            ctx.audit().append(tx, new AuditEntry(ctx.node(), AuditAction.STEPS_LOST, run.id(), details(loss)));
            return true;
        });
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

    private static Map<String, Object> details(Loss loss) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("steps", paths(loss.steps()));
        details.put("from", loss.from().name());
        details.put("to", loss.to().name());
        if (loss.undos()) {
            details.put("lost", "undo");
            details.put("why", "the target has the landmarks their undo removed: a failover to a standby that had not"
                    + " received the undo");
        } else {
            details.put("why", "the target has no landmark of them: a failover to a standby that had not received them");
        }
        return details;
    }

    /** Each step as {@code ORDINAL PATH}, as the audit log and the log name them. */
    public static List<String> paths(List<StepRecord> lost) {
        return lost.stream().map(s -> s.ordinal() + " " + s.path()).toList();
    }
}
