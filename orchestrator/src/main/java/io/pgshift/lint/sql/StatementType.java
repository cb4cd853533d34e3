package io.pgshift.lint.sql;

/** The kinds of statement the classifier tells apart. */
public enum StatementType {
    CREATE_INDEX, DROP_INDEX, REINDEX,
    CREATE_TABLE, DROP_TABLE, ALTER_TABLE,
    /** CREATE of a sequence, type, function, view, extension, schema, trigger, ... */
    CREATE_OBJECT,
    VACUUM, VACUUM_FULL, CLUSTER, ANALYZE, LOCK_TABLE, TRUNCATE,
    INSERT, UPDATE, DELETE, SELECT,
    COMMENT, GRANT,
    UNKNOWN;

    /** How the statement is named to people: {@code ALTER TABLE}, {@code VACUUM FULL}. */
    public String label() {
        return this == UNKNOWN ? "unrecognised statement" : name().replace('_', ' ');
    }
}
