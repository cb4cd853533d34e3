package io.pgshift.run;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;

/** A run or step was asked to move to a state its current state does not lead to. */
public final class IllegalTransitionException extends PgshiftException {
    public IllegalTransitionException(String message) {
        super(ErrorCode.RUN_CONFLICT, message);
    }

    static IllegalTransitionException run(long runId, RunState expected, RunState actual, RunState phase, RunState to) {
        if (actual == null) {
            return new IllegalTransitionException("run " + runId + " does not exist");
        }
        String where = phase == null ? "" : " (phase " + phase + ")";
        if (actual != expected) {
            return new IllegalTransitionException("run " + runId + " is " + actual + where + ", not " + expected
                    + ", so it cannot move to " + to + "; it changed meanwhile, look at `pgshift status " + runId + "`");
        }
        return new IllegalTransitionException("run " + runId + " is " + actual + where + " and cannot move to " + to
                + "; from " + actual + " it may move to " + allowed(actual, phase));
    }

    static IllegalTransitionException step(long runId, int ordinal, StepState actual, StepState to) {
        if (actual == null) {
            return new IllegalTransitionException("run " + runId + " has no step " + ordinal);
        }
        return new IllegalTransitionException("step " + ordinal + " of run " + runId + " is " + actual
                + " and cannot move to " + to);
    }

    private static String allowed(RunState from, RunState phase) {
        return from.next().stream().filter(to -> from.mayResumeTo(to, phase)).sorted().map(Enum::name)
                .reduce((a, b) -> a + ", " + b).orElse("nothing (it is over)");
    }
}
