package io.pgshift.engine;

import io.pgshift.run.RunState;
import java.time.Instant;

/**
 * Where a driver left a run: the state, for failures what went wrong, and for a run waiting for
 * a window when its driver should fire again (else null).
 */
public record RunOutcome(long runId, RunState state, String error, Instant resumeAt) {
    public RunOutcome(long runId, RunState state, String error) {
        this(runId, state, error, null);
    }
}
