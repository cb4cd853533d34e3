package io.pgshift.engine;

import io.pgshift.run.RunState;

/** Where a driver left a run: the state, and for failures what went wrong. */
public record RunOutcome(long runId, RunState state, String error) {
}
