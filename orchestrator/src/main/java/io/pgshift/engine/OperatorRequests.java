package io.pgshift.engine;

import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditEntry;
import io.pgshift.audit.AuditLog;
import io.pgshift.run.IllegalTransitionException;
import io.pgshift.run.RunNotFoundException;
import io.pgshift.run.RunRecord;
import io.pgshift.run.RunState;
import io.pgshift.run.RunStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * Operator requests on a run, written to its state on the caller's connection, each one audited
 * with its actor: pause (the driver stops at the next safe point, backfills at a batch boundary),
 * resume or retry (back to the phase it stopped in), cancel (only before contract; nothing is
 * undone, see rollback). The use cases ({@code usecase.PauseRun}, {@code ResumeRun},
 * {@code CancelRun}) make them for the CLI and the API; a resubmitted playbook resumes its live
 * run and Ctrl-C in {@code apply} pauses it through the same methods. The driver's own transitions
 * are {@link DriverTransitions}.
 */
public final class OperatorRequests {
    private final RunStore runs;
    private final AuditLog audit;

    public OperatorRequests(RunStore runs, AuditLog audit) {
        this.runs = runs;
        this.audit = audit;
    }

    /** The requests on the runs and audit log of {@code ctx}. */
    public static OperatorRequests of(EngineContext ctx) {
        return new OperatorRequests(ctx.runs(), ctx.audit());
    }

    public RunRecord pause(Connection c, long runId, String actor) throws SQLException {
        RunRecord run = find(c, runId);
        if (!run.state().isPhase()) {
            throw new IllegalTransitionException("run " + runId + " is " + run.state()
                    + ": only a run that is expanding, backfilling, verifying or contracting can be paused");
        }
        RunRecord paused = runs.transition(c, runId, run.state(), RunState.PAUSED, null);
        audit.append(c, new AuditEntry(actor, AuditAction.PAUSED, runId, Map.of("from", run.state().name())));
        return paused;
    }

    /** PAUSED or FAILED back to the phase it stopped in; a no-op for a run already working. */
    public RunRecord resume(Connection c, long runId, String actor) throws SQLException {
        RunRecord run = find(c, runId);
        if (run.state() == RunState.AWAITING_CONTRACT) {
            throw new IllegalTransitionException("run " + runId + " is held before contract (AWAITING_CONTRACT):"
                    + " once the application's new version is deployed, carry it on with: pgshift complete " + runId);
        }
        if (!run.state().isHalted()) {
            return run;
        }
        if (run.phase() == RunState.ROLLING_BACK) {
            // no driver carries a rollback on: it is finished by running it again
            throw new IllegalTransitionException("run " + runId + " stopped while rolling back: finish the rollback with"
                    + " pgshift rollback " + runId + " (the steps already undone are skipped)");
        }
        RunState to = run.phase() == null ? RunState.EXPANDING : run.phase();
        RunRecord resumed = runs.transition(c, runId, run.state(), to, null);
        audit.append(c, new AuditEntry(actor, run.state() == RunState.FAILED ? AuditAction.RETRIED : AuditAction.RESUMED,
                runId, Map.of("from", run.state().name(), "to", to.name())));
        return resumed;
    }

    /**
     * Refused once contract has started (paused or failed there included): its constraints are
     * taken one by one, and a cancelled run would leave NOT VALID checks or a lone unique index
     * behind that a later run of the playbook would take as done. Resume it or roll it back.
     */
    public RunRecord cancel(Connection c, long runId, String actor) throws SQLException {
        RunRecord run = find(c, runId);
        if (run.state() == RunState.CONTRACTING || run.state().isHalted()
                && (run.phase() == RunState.CONTRACTING || run.phase() == RunState.ROLLING_BACK)) {
            throw new IllegalTransitionException("run " + runId + " is " + run.state() + " in phase " + run.phase()
                    + ": it cannot be cancelled once " + (run.phase() == RunState.ROLLING_BACK ? "its rollback"
                    : "contract") + " has started, since that would leave its schema half changed; resume it (pgshift"
                    + " resume " + runId + ") or roll it back (pgshift rollback " + runId + ")");
        }
        RunRecord cancelled = runs.transition(c, runId, run.state(), RunState.CANCELLED, "cancelled by " + actor);
        audit.append(c, new AuditEntry(actor, AuditAction.CANCELLED, runId, Map.of("from", run.state().name())));
        return cancelled;
    }

    private RunRecord find(Connection c, long runId) throws SQLException {
        return runs.find(c, runId).orElseThrow(() -> new RunNotFoundException(runId));
    }
}
