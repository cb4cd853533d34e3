package io.pgshift.plan;

/** What a planned step does; one per operation, plus the steps pgshift adds itself. */
public enum StepKind {
    CREATE_TABLE, ADD_COLUMN, CREATE_INDEX, RAW_SQL,
    INSTALL_SYNC_TRIGGER, BACKFILL, RETAIN_SYNC_TRIGGER,
    GATE, SET_NOT_NULL, ADD_UNIQUE, ADD_FOREIGN_KEY, ADD_CHECK, SET_DEFAULT,
    DROP_COLUMN, DROP_INDEX, DROP_CONSTRAINT, DROP_TABLE, DROP_NOT_NULL, DROP_DEFAULT
}
