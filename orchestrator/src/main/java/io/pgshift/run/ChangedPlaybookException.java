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
                + existing.id() + " first" + repairHint(existing));
        this.existing = existing;
        this.newChecksum = newChecksum;
    }

    public RunRecord existing() {
        return existing;
    }

    public String newChecksum() {
        return newChecksum;
    }

    // only a succeeded run's checksum can be accepted (pgshift repair); others resume with their own steps
    private static String repairHint(RunRecord existing) {
        return existing.state() != RunState.SUCCEEDED ? "" : "; if the edit changes nothing that runs (a comment, the"
                + " description), accept it: pgshift repair " + existing.playbookName() + " --accept-checksum --reason TEXT";
    }

    private static String shortOf(String checksum) {
        return checksum.substring(0, Math.min(12, checksum.length()));
    }
}
