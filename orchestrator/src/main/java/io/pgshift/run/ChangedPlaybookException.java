package io.pgshift.run;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;

/** A playbook's content changed under a name that already has a live run (or succeeded). */
public final class ChangedPlaybookException extends PgshiftException {
    private final RunRecord existing;
    private final String newChecksum;

    public ChangedPlaybookException(RunRecord existing, String newChecksum) {
        super(ErrorCode.RUN_CONFLICT, "playbook '" + existing.playbookName() + "' changed since run " + existing.id()
                + " (" + existing.state() + ") started it: checksum " + shortOf(newChecksum) + ", the run has "
                + existing.shortChecksum() + "; give the changed playbook a new name, or cancel/roll back run "
                + existing.id() + " first");
        this.existing = existing;
        this.newChecksum = newChecksum;
    }

    public RunRecord existing() {
        return existing;
    }

    public String newChecksum() {
        return newChecksum;
    }

    private static String shortOf(String checksum) {
        return checksum.substring(0, Math.min(12, checksum.length()));
    }
}
