package io.pgshift.sync;

/**
 * Where a {@code keep_in_sync} trigger is in its life. Stored by name in
 * {@code pgshift.sync_trigger.state}, checked there too.
 */
public enum SyncTriggerState {
    /** Installed by a run that has not finished contract: the backfill relies on it. */
    ACTIVE,
    /** The run's contract is done; the trigger stays for writers that still omit its columns, until cleanup. */
    RETAINED,
    /** Removed (cleanup, the daemon's automatic cleanup, or a rollback). */
    DROPPED
}
