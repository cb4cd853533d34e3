package io.pgshift.lint.sql;

/** Why a statement can hurt the live application; lint rules turn these into findings. */
public enum Danger {
    /** Takes ACCESS EXCLUSIVE: reads and writes queue behind it while it waits for the lock and while it holds it. */
    ACCESS_EXCLUSIVE_LOCK,
    /** Rewrites every row into a new file while holding its lock: as long as a full table copy. */
    TABLE_REWRITE,
    /** Builds an index under SHARE (or stronger): writes are blocked for the whole build. */
    INDEX_WITHOUT_CONCURRENTLY,
    /**
     * Adds a constraint that is checked against every row while its lock is held (or, on a
     * domain, validates one: that holds SHARE on every table using the domain too).
     */
    CONSTRAINT_WITHOUT_NOT_VALID,
    /** Changes a column's type: a rewrite (and index rebuilds) under ACCESS EXCLUSIVE. */
    COLUMN_TYPE_CHANGE,
    /** SET NOT NULL without a validated CHECK scans the whole table under ACCESS EXCLUSIVE. */
    SET_NOT_NULL_SCAN,
    /** A volatile DEFAULT (clock_timestamp(), random(), nextval(), ...) forces a rewrite on ADD COLUMN. */
    VOLATILE_DEFAULT,
    /** ADD COLUMN ... NOT NULL without a DEFAULT fails on any non-empty table. */
    NOT_NULL_WITHOUT_DEFAULT,
    /** UPDATE or DELETE without WHERE: one long transaction holding a row lock on every row. */
    WHOLE_TABLE_WRITE,
    /** Drops or truncates data the running application may still read. */
    DATA_LOSS,
    /**
     * Gives a domain a constraint (CHECK or NOT NULL): a column of the domain added later rewrites
     * its table, and validating the constraint scans every column using it while writes wait.
     */
    DOMAIN_CONSTRAINT,
    /** Renames a table, a column or an enum value the running application still uses by its old name. */
    BREAKING_RENAME,
    /** LOCK TABLE: its lock only lasts until the step's transaction commits, so it protects nothing. */
    EXPLICIT_LOCK,
    /** pgshift does not recognise the statement, so it cannot say what it locks. */
    UNRECOGNISED
}
