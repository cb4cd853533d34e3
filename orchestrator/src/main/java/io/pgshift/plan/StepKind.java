package io.pgshift.plan;

/** What a planned step does; one per operation, plus the steps pgshift adds itself. */
public enum StepKind {
    CREATE_TABLE, ADD_COLUMN, CREATE_INDEX, RAW_SQL, ALTER_COLUMN_TYPE, RENAME_TABLE, RENAME_COLUMN,
    INSTALL_SYNC_TRIGGER, BACKFILL, RETAIN_SYNC_TRIGGER,
    GATE, SET_NOT_NULL, ADD_UNIQUE, ADD_FOREIGN_KEY, ADD_CHECK, SET_DEFAULT,
    /** alter_column_type in contract: the shadow column's indexes and NOT NULL check, built beforehand. */
    PREPARE_SWAP,
    /** alter_column_type in contract: the swap of the two columns, in one short transaction. */
    SWAP_COLUMN,
    /** rename_column in contract: the new column's indexes (concurrently) and NOT NULL. */
    PREPARE_RENAME,
    ADD_ENUM_VALUE,
    VERIFY,
    DROP_COLUMN, DROP_INDEX, DROP_CONSTRAINT, DROP_TABLE, DROP_NOT_NULL, DROP_DEFAULT;

    /**
     * Why a rollback leaves a step of this kind as it is, in the words {@code pgshift rollback}
     * lists it with (and the release notes announce): {@code " (values written stay)"}; empty when
     * a step of this kind is normally undone.
     */
    public String whyNotUndone(boolean dropData) {
        return switch (this) {
            case BACKFILL -> " (values written stay)";
            case RAW_SQL -> " (raw SQL has no automatic undo: undo it by hand if needed)";
            case ADD_ENUM_VALUE -> " (PostgreSQL cannot drop a value from an enum type: it stays)";
            case CREATE_TABLE, ADD_COLUMN -> dropData ? "" : " (kept: it may hold data written since; --drop-data drops it)";
            case DROP_COLUMN, DROP_TABLE -> " (dropped data cannot be re-created: restore it from a backup)";
            default -> "";
        };
    }

    /** Steps that change nothing a rollback could undo: a rollback passes them by. */
    public boolean changesNothing() {
        return this == GATE || this == RETAIN_SYNC_TRIGGER || this == VERIFY;
    }
}
