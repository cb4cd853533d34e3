package io.pgshift.usecase;

import io.pgshift.engine.OperatorRequests;
import io.pgshift.run.IllegalTransitionException;
import io.pgshift.run.RunRecord;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * An operator's pause ({@code pgshift pause}, {@code POST .../pause}): the run moves to PAUSED,
 * audited PAUSED with the actor. Nothing is stopped here: the driver sees the state at its next
 * safe point (between steps, between backfill polls) and stops, its backfills at a batch boundary.
 */
public final class PauseRun {
    private final RunHost host;

    public PauseRun(RunHost host) {
        this.host = host;
    }

    /**
     * @return the run, PAUSED
     * @throws IllegalTransitionException the run is not working in a phase (pending, held, halted or over)
     */
    public RunRecord pause(long runId, String actor) throws SQLException {
        try (Connection c = host.connect("pause")) {
            return OperatorRequests.of(host.context()).pause(c, runId, actor);
        }
    }
}
