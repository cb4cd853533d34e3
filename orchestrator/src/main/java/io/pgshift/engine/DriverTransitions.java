package io.pgshift.engine;

import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditEntry;
import io.pgshift.audit.AuditLog;
import io.pgshift.run.RunLeases;
import io.pgshift.run.RunNotFoundException;
import io.pgshift.run.RunRecord;
import io.pgshift.run.RunState;
import io.pgshift.run.RunStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * The driver's own transitions and its look at the run between safe points; operator requests
 * (pause, resume, cancel: {@code io.pgshift.usecase}) are not made here. Operators change a run's
 * state directly in the database; the driver checks at every safe point (between statements of
 * different steps, between backfill polls) and stops when the state is no longer the one it is
 * working in. Every transition the driver makes is audited with its node as the actor.
 */
final class DriverTransitions {
    private final RunStore runs;
    private final AuditLog audit;
    private final String actor;

    DriverTransitions(RunStore runs, AuditLog audit, String actor) {
        this.runs = runs;
        this.audit = audit;
        this.actor = actor;
    }

    /** Throws {@link RunHalted} when the run left {@code working}. */
    void check(Connection state, long runId, RunState working) throws SQLException, RunHalted {
        RunLeases.checkFence(state, runId);
        RunRecord run = runs.find(state, runId).orElseThrow(() -> new RunNotFoundException(runId));
        if (run.state() != working) {
            throw new RunHalted(run.state());
        }
    }

    /** Moves the run on, audited; a concurrent operator change surfaces as {@link RunHalted}. */
    RunRecord move(Connection state, long runId, AuditedTransition move) throws SQLException, RunHalted {
        RunRecord current = runs.find(state, runId).orElseThrow(() -> new RunNotFoundException(runId));
        if (current.state() != move.from()) {
            throw new RunHalted(current.state());
        }
        RunRecord moved = runs.transition(state, runId, move.from(), move.to(), null);
        audit.append(state, new AuditEntry(actor, move.action(), runId, move.details()));
        return moved;
    }

    /** Records a failure: the run goes to FAILED with a one-line error, and the audit log says why. */
    void fail(Connection state, long runId, RunState from, String error, Map<String, Object> details) throws SQLException {
        runs.transition(state, runId, from, RunState.FAILED, error);
        audit.append(state, new AuditEntry(actor, AuditAction.FAILED, runId, details));
    }
}
