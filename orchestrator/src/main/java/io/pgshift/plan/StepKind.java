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
    DROP_COLUMN, DROP_INDEX, DROP_CONSTRAINT, DROP_TABLE, DROP_NOT_NULL, DROP_DEFAULT
}
