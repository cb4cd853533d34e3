package io.pgshift.lint.sql;

/** The kinds of statement the classifier tells apart. */
public enum StatementType {
    CREATE_INDEX, DROP_INDEX, REINDEX,
    CREATE_TABLE, DROP_TABLE, ALTER_TABLE,
    /** CREATE of a sequence, type, function, view, extension, schema, trigger, ... */
    CREATE_OBJECT,
    CREATE_DOMAIN, CREATE_RULE, ALTER_TYPE, ALTER_DOMAIN,
    /** DROP of a view, sequence, type, domain, function, extension, trigger, rule, ... */
    DROP_OBJECT,
    DROP_SCHEMA, DROP_DATABASE,
    /** Writes postgresql.auto.conf; never in a transaction block. */
    ALTER_SYSTEM,
    VACUUM, VACUUM_FULL, CLUSTER, ANALYZE, LOCK_TABLE, TRUNCATE,
    INSERT, UPDATE, DELETE, SELECT,
    COMMENT, GRANT,
    UNKNOWN;

    /** How the statement is named to people: {@code ALTER TABLE}, {@code VACUUM FULL}. */
    public String label() {
        return this == UNKNOWN ? "unrecognised statement" : name().replace('_', ' ');
    }
}
