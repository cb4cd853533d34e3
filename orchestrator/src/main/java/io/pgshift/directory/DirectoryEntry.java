package io.pgshift.directory;

import io.pgshift.run.RunRecord;
import java.time.Instant;

/**
 * One file of a directory with its state.
 *
 * @param run the run of its name that counts (not cancelled or rolled back), or null when pending
 */
public record DirectoryEntry(PlaybookFile file, FileState state, RunRecord run) {
    public String name() {
        return file.playbook().name();
    }

    /** When its run ended, or last moved while it has not ended; null without a run. */
    public Instant at() {
        if (run == null) {
            return null;
        }
        return run.finishedAt() != null ? run.finishedAt() : run.updatedAt();
    }
}
