package io.pgshift.usecase;

import io.pgshift.engine.RunRollback;
import io.pgshift.run.IllegalTransitionException;
import io.pgshift.run.RunRecord;
import java.sql.Connection;

/**
 * Asks for a run's rollback ({@code pgshift rollback}, {@code POST .../rollback}): the request is
 * recorded on the run, which moves to ROLLING_BACK (audited ROLLBACK_STARTED with the actor), and
 * the host starts its driver, which undoes the steps in reverse. Asking is quick; the undoing is
 * the driver's, so a node that stops mid-rollback hands it to the next.
 */
public final class RollbackRun {
    private final RunHost host;

    public RollbackRun(RunHost host) {
        this.host = host;
    }

    /** {@code dropData}: also drop the columns and tables the run added, with their data. */
    public record Request(long runId, String actor, boolean dropData) {
    }

    /**
     * @return the run, ROLLING_BACK
     * @throws IllegalTransitionException the run cannot be rolled back from its state
     */
    public RunRecord rollback(Request request) throws Exception {
        RunRecord rolling;
        try (Connection c = host.connect("rollback")) {
            rolling = new RunRollback(host.context()).begin(c, request.runId(), request.dropData(), request.actor());
        }
        host.startDriver(request.runId());
        return rolling;
    }
}
