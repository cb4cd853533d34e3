package io.pgshift.usecase;

import io.pgshift.db.DatabaseUrl;
import io.pgshift.ops.BackupPolicy;
import io.pgshift.ops.BackupResult;
import io.pgshift.ops.TargetRef;
import java.util.Optional;

/**
 * The backup a submission takes before its run is created, so that a failed backup
 * ({@link io.pgshift.ops.BackupFailedException}) leaves nothing behind: no run, no change.
 *
 * @param policy  whether one is taken, where to, and whether its restore is proven
 * @param target  the database backed up
 * @param auditIn where BACKUP_TAKEN is audited: the target, or the separate state database keeping its audit log
 * @param when    which submissions take it
 * @param report  told what was taken, as soon as it is (before the run exists)
 */
public record BackupRequest(BackupPolicy policy, TargetRef target, DatabaseUrl auditIn, When when, Report report) {
    /** No backup. */
    public static final BackupRequest NONE = new BackupRequest(BackupPolicy.NONE, null, null, When.NEW_RUN_ONLY,
            Report.NOBODY);

    public enum When {
        /** Every submission, a resubmission of an existing run too ({@code apply --backup-dir}). */
        EVERY_SUBMISSION,
        /**
         * Only when the playbook has no live run yet (a policy-required backup on the daemon): a
         * resubmission's backup was taken when it was first submitted.
         */
        NEW_RUN_ONLY
    }

    /** Hears of the backup: its result, or empty when none of the playbook's tables exists yet. */
    @FunctionalInterface
    public interface Report {
        /** Nobody listens: the result is in the audit log (BACKUP_TAKEN). */
        Report NOBODY = taken -> { };

        void taken(Optional<BackupResult> result);
    }
}
