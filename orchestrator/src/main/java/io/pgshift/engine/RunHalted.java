package io.pgshift.engine;

import io.pgshift.run.RunState;
import java.time.Instant;

/**
 * Signals that the driver must stop at this safe point and leave the run as it is: an operator
 * moved it out of the state the driver was working in (paused, cancelled), or the run must not
 * touch its target now (outside its allowed windows), in which case {@link #resumeAt} says when
 * its driver should fire again.
 */
final class RunHalted extends Exception {
    private final RunState state;
    private final Instant resumeAt;

    RunHalted(RunState state) {
        this(state, null);
    }

    private RunHalted(RunState state, Instant resumeAt) {
        super("run is now " + state + (resumeAt == null ? "" : ", waiting until " + resumeAt), null, false, false);
        this.state = state;
        this.resumeAt = resumeAt;
    }

    /** The run stays in {@code state} and its driver fires again at {@code at} (null: nothing will open). */
    static RunHalted waitingUntil(RunState state, Instant at) {
        return new RunHalted(state, at);
    }

    RunState state() {
        return state;
    }

    /** When to drive the run again, or null when an operator (or nothing) must move it. */
    Instant resumeAt() {
        return resumeAt;
    }
}
