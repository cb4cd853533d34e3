package io.pgshift.engine;

import io.pgshift.run.RunState;

/**
 * Signals that an operator moved the run out of the state the driver was working in (paused,
 * cancelled): the driver stops at the next safe point and leaves the run as the operator set it.
 */
final class RunHalted extends Exception {
    private final RunState state;

    RunHalted(RunState state) {
        super("run is now " + state, null, false, false);
        this.state = state;
    }

    RunState state() {
        return state;
    }
}
