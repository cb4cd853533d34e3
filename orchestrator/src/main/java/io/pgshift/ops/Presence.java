package io.pgshift.ops;

import io.pgshift.run.RunState;

/** Where a playbook stands in one target, from its newest run. */
public enum Presence {
    /** The newest run SUCCEEDED. */
    APPLIED,
    /** A run is pending, working or paused. */
    RUNNING,
    /** The newest run FAILED: the schema is half changed until it is retried or rolled back. */
    FAILED,
    /** No run, or the newest was cancelled or rolled back (nothing of it is left). */
    ABSENT;

    public static Presence of(RunState state) {
        return switch (state) {
            case SUCCEEDED -> APPLIED;
            case FAILED -> FAILED;
            case CANCELLED, ROLLED_BACK -> ABSENT;
            case PENDING, AWAITING_APPROVAL, EXPANDING, BACKFILLING, VERIFYING, AWAITING_CONTRACT, CONTRACTING, PAUSED,
                 ROLLING_BACK -> RUNNING;
        };
    }
}
