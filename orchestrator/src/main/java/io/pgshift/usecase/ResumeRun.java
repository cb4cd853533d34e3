package io.pgshift.usecase;

import io.pgshift.engine.OperatorRequests;
import io.pgshift.run.IllegalTransitionException;
import io.pgshift.run.RunRecord;
import java.sql.Connection;

/**
 * An operator's resume or retry ({@code pgshift resume}, {@code POST .../resume}): a PAUSED or
 * FAILED run goes back to the phase it stopped in, audited RESUMED or RETRIED with the actor, and
 * the host starts its driver. A run already working is left as it is, its driver started again
 * (which is idempotent).
 */
public final class ResumeRun {
    private final RunHost host;

    public ResumeRun(RunHost host) {
        this.host = host;
    }

    /** The run after the request, and whether its host was asked to start its driver (whenever the run is working). */
    public record Result(RunRecord run, boolean driverStarted) {
    }

    /**
     * @throws IllegalTransitionException the run is held before contract (that is {@code complete}),
     *                                    or stopped while rolling back (that is {@code rollback})
     */
    public Result resume(long runId, String actor) throws Exception {
        RunRecord run;
        try (Connection c = host.connect("resume")) {
            run = OperatorRequests.of(host.context()).resume(c, runId, actor);
        }
        if (!run.state().isWorking()) {
            return new Result(run, false);
        }
        host.startDriver(runId);
        return new Result(run, true);
    }
}
