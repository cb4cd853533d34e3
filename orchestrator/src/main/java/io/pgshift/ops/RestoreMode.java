package io.pgshift.ops;

/** Where a restore writes. */
public enum RestoreMode {
    /** Into a database the restore creates on the target's server; the target is only read. */
    NEW_DATABASE,
    /** Into the target's own tables, replacing their rows in one transaction. */
    IN_PLACE
}
