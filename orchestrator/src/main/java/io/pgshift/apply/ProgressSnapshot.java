package io.pgshift.apply;

import java.time.Duration;

/**
 * What the progress bar shows at one instant. {@code rowsEstimated} may be 0 (unknown);
 * {@code eta}, {@code waitingReason} and {@code indexBuild} (a running step's concurrent index
 * build) may be null.
 */
public record ProgressSnapshot(String state, String phase, String step, long rowsDone, long rowsEstimated,
                               double rowsPerSecond, Duration eta, String waitingReason, IndexBuild indexBuild) {
    /** A snapshot without an index build. */
    public ProgressSnapshot(String state, String phase, String step, long rowsDone, long rowsEstimated,
                            double rowsPerSecond, Duration eta, String waitingReason) {
        this(state, phase, step, rowsDone, rowsEstimated, rowsPerSecond, eta, waitingReason, null);
    }
}
