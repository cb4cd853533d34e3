package io.pgshift.apply;

import java.time.Duration;

/**
 * What the progress bar shows at one instant. {@code rowsEstimated} may be 0 (unknown);
 * {@code eta} and {@code waitingReason} may be null.
 */
public record ProgressSnapshot(String state, String phase, String step, long rowsDone, long rowsEstimated,
                               double rowsPerSecond, Duration eta, String waitingReason) {
}
