package io.pgshift.usecase;

import io.pgshift.engine.OperatorRequests;
import io.pgshift.run.IllegalTransitionException;
import io.pgshift.run.RunRecord;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * An operator's cancel ({@code pgshift cancel}, {@code POST .../cancel}): the run ends CANCELLED,
 * audited with the actor; nothing it changed is undone (that is a rollback). A driver at work sees
 * the state at its next safe point and stops.
 */
public final class CancelRun {
    private final RunHost host;

    public CancelRun(RunHost host) {
        this.host = host;
    }

    /**
     * @return the run, CANCELLED
     * @throws IllegalTransitionException contract or a rollback has started (paused or failed there
     *                                    included), or the run is over
     */
    public RunRecord cancel(long runId, String actor) throws SQLException {
        try (Connection c = host.connect("cancel")) {
            return OperatorRequests.of(host.context()).cancel(c, runId, actor);
        }
    }
}
