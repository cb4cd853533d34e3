package io.pgshift.run;

import java.util.Objects;

/**
 * How a step ended, as {@link StepStore#stepFinished} records it.
 *
 * @param state           the state it ends in (SUCCEEDED, FAILED, SKIPPED, ROLLED_BACK...)
 * @param attempts        how many times its statements were tried in total (lock retries included)
 * @param executionTimeMs wall time of the step, retries and backoff included
 * @param rows            rows written, or null when not applicable
 * @param error           the failure, or null
 */
public record StepOutcome(StepState state, int attempts, long executionTimeMs, Long rows, String error) {
    public StepOutcome {
        Objects.requireNonNull(state, "state");
    }
}
