package io.pgshift.directory;

import io.pgshift.run.RunState;
import java.util.Locale;

/** Where one playbook file of a directory stands against the runs of its name. */
public enum FileState {
    /** Its run succeeded with this content (or with content accepted by {@code pgshift repair}). */
    APPLIED,
    /**
     * Its run succeeded, but the target has lost steps of it since (a failover to a standby that had
     * not received them, the state living apart): {@code apply DIR} applies it again, which runs them again.
     */
    LOST,
    /** No run of its name that counts (none, or only cancelled and rolled-back ones). */
    PENDING,
    /** A run of its name has other content: the file was edited after it was submitted. */
    CHANGED,
    FAILED,
    /** Submitted and not yet ended: waiting to start, for an approval, or being driven (or rolled back). */
    RUNNING,
    PAUSED,
    /** Held before contract until {@code pgshift complete}. */
    HELD;

    /** The state of a file whose content is its run's. */
    static FileState of(RunState run) {
        return switch (run) {
            case SUCCEEDED -> APPLIED;
            case CANCELLED, ROLLED_BACK -> PENDING;
            case FAILED -> FAILED;
            case PAUSED -> PAUSED;
            case AWAITING_CONTRACT -> HELD;
            case PENDING, AWAITING_APPROVAL, EXPANDING, BACKFILLING, VERIFYING, CONTRACTING, ROLLING_BACK -> RUNNING;
        };
    }

    /** As shown and printed in JSON. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
