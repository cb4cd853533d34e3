package io.pgshift.sync;

/** What a run keeps in place after contract for the application's old version, until cleanup. */
public enum RetainedKind {
    /** A keep_in_sync trigger filling new columns for writers that omit them; it counts its fills. */
    SYNC_TRIGGER,
    /** alter_column_type's trigger, keeping the old column in step with the new one after the swap. */
    SHADOW_TRIGGER,
    /** rename_table's view under the table's old name. */
    VIEW
}
